/// `atrium access --format html`: one self-contained page (no script or style from elsewhere):
/// people and groups down, workspaces (and groups, templates) across, each cell the role by
/// colour with its expiry, the declarations and commits behind it on hover, drift marked when the
/// review was compared with the server, a filter box, and a layout that prints.
public enum AccessPageRenderer {
    /// `notes`: lines shown under the matrix (the controller's last cycles).
    public static func html(_ review: AccessReview, title: String = "Atrium access", notes: [String] = []) -> String {
        let columns = ordered(review.rows.map(\.workspace))
        let subjects = ordered(review.rows.map(\.subject))
        var cells: [String: [AccessReview.Row]] = [:]
        for row in review.rows { cells["\(row.subject)\u{0}\(row.workspace)", default: []].append(row) }
        let header = columns.map { "<th scope=\"col\"><span>\(escape($0))</span></th>" }.joined()
        let body = subjects.map { subject in
            let tds = columns.map { column in cell(cells["\(subject)\u{0}\(column)"] ?? [], column: column) }
            return
                "<tr data-subject=\"\(escape(subject))\"><th scope=\"row\">\(escape(subject))</th>\(tds.joined())</tr>"
        }.joined(separator: "\n")
        let compared = review.server.map { "compared with \(escape($0))" } ?? "from git alone"
        let drift = review.server == nil ? "" : " · \(review.drift.count) difference(s) with the server"
        return """
            <!DOCTYPE html>
            <html lang="en"><head><meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>\(escape(title))</title>
            <style>\(style)</style></head>
            <body data-ready="no">
            <header><h1>\(escape(title))</h1>
            <p>At \(escape(review.at)) · commit <code>\(escape(String(review.revision.commit.prefix(12))))</code> \
            (\(escape(review.revision.name))) · \(compared)\(drift) · \(subjects.count) subjects × \(columns.count) \
            columns</p>
            <p class="legend"><span class="owner">owner</span> <span class="admin">admin</span> \
            <span class="use">use</span> <span class="member">member</span> <span class="drift">drift</span></p>
            <label>Filter <input id="filter" type="search" placeholder="user, group or workspace"></label>
            </header>
            <table id="matrix"><thead><tr><th scope="col">who</th>\(header)</tr></thead>
            <tbody>
            \(body)
            </tbody></table>
            \(notes.isEmpty ? "" : "<h2>Last cycles</h2><ul>" + notes.map { "<li>\(escape($0))</li>" }.joined() + "</ul>")
            <script>\(script)</script>
            </body></html>

            """
    }

    /// One cell: the role (the highest first), its expiry, the sources on hover, drift marked.
    private static func cell(_ rows: [AccessReview.Row], column: String) -> String {
        guard let row = rows.first else { return "<td></td>" }
        let role = row.role ?? row.liveRole ?? "-"
        let drifted = rows.contains { $0.status != nil && $0.status != .inSync }
        var hover = rows.flatMap(\.sources).map(\.provenance)
        if let status = row.status, status != .inSync {
            hover.append("\(status.rawValue)\(row.liveRole.map { " (server: \($0))" } ?? "")")
        }
        if let via = row.via { hover.append("via \(via.provenance)") }
        let expires = row.expires.map { "<small>until \(escape(String($0.prefix(10))))</small>" } ?? ""
        let classes = [roleClass(role), drifted ? "drift" : nil].compactMap { $0 }.joined(separator: " ")
        return "<td class=\"\(classes)\" data-workspace=\"\(escape(column))\" data-role=\"\(escape(role))\" "
            + "title=\"\(escape(hover.joined(separator: " | ")))\">\(escape(role))\(expires)</td>"
    }

    private static func roleClass(_ role: String) -> String {
        switch role {
        case "owner", "admin", "use", "member": role
        default: "other"
        }
    }

    /// Each value once, in first-seen order.
    private static func ordered(_ values: [String]) -> [String] {
        var seen = Set<String>()
        return values.filter { seen.insert($0).inserted }
    }

    /// Text from git and the server as HTML text and attribute values.
    static func escape(_ text: String) -> String {
        var result = ""
        result.reserveCapacity(text.count)
        for character in TerminalText.outside(text, limit: 2_000) {
            switch character {
            case "&": result += "&amp;"
            case "<": result += "&lt;"
            case ">": result += "&gt;"
            case "\"": result += "&quot;"
            case "'": result += "&#39;"
            default: result.append(character)
            }
        }
        return result
    }

    static let style = """
        body{font:14px system-ui,sans-serif;margin:1.5rem;color:#1d2330}h1{font-size:1.3rem;margin:0 0 .3rem}\
        header p{margin:.2rem 0;color:#4a5060}table{border-collapse:collapse;margin-top:1rem}\
        th,td{border:1px solid #d5d9e0;padding:.25rem .45rem;text-align:center;white-space:nowrap}\
        thead th{position:sticky;top:0;background:#f4f6f9}tbody th{text-align:left;background:#fafbfc}\
        td small{display:block;font-size:.72rem;color:#333}.owner{background:#c9d7f8}.admin{background:#f7c7a1}\
        .use{background:#c8ecc9}.member{background:#e3d4f5}.other{background:#eee}\
        td.drift{outline:2px solid #d2222d;outline-offset:-2px}.legend span{padding:.1rem .4rem;margin-right:.2rem}\
        .legend .drift{outline:2px solid #d2222d}input{margin-left:.4rem;padding:.2rem .4rem}\
        @media print{label{display:none}thead th{position:static}body{margin:0}}
        """

    static let script = """
        (function(){var f=document.getElementById('filter');var rows=document.querySelectorAll('#matrix tbody tr');\
        f.addEventListener('input',function(){var q=f.value.toLowerCase();rows.forEach(function(r){\
        var hit=!q||r.textContent.toLowerCase().indexOf(q)>=0||r.getAttribute('data-subject').toLowerCase()\
        .indexOf(q)>=0;r.style.display=hit?'':'none';});});document.body.setAttribute('data-ready','yes');})();
        """
}
