/// `atrium show`: one workspace's sharing in git and on the server, row by row.
public struct AccessComparisonFormatter {
    /// Show the commit behind each declaration (and the one that removed it from git).
    public var provenance: Bool

    public init(provenance: Bool = false) {
        self.provenance = provenance
    }

    public func text(_ comparison: AccessComparison, server: String) -> String {
        let declared = comparison.declared ? "declared in git" : "not declared in git (shown as the server has it)"
        let exists = comparison.existsOnServer ? "exists on \(server)" : "absent from \(server)"
        var lines = ["\(comparison.workspace): \(declared), \(exists)"]
        if comparison.desiredLink != nil || comparison.liveLink != nil {
            let origin = provenance ? comparison.linkSource.map { "  # \($0.provenance)" } ?? "" : ""
            lines.append(
                "link sharing: git \(comparison.desiredLink?.rawValue ?? "(not set)"), server "
                    + "\(comparison.liveLink?.rawValue ?? "owner")\(origin)"
            )
        }
        if let url = comparison.shareURL { lines.append("share URL: \(url)") }
        if comparison.rows.isEmpty { lines.append("(shared with nobody)") }
        for row in comparison.rows { lines.append(line(row)) }
        if !comparison.ports.isEmpty { lines.append("shared ports:") }
        for port in comparison.ports {
            let status = port.status.rawValue
            lines.append(
                "  \(pad("port \(port.port)", 24)) git \(pad(port.desired ?? "-", 13)) server "
                    + "\(pad(port.live ?? "-", 13)) \(status)"
                    + (port.url.map { "  \($0)" } ?? "") + (port.source.map { "  # \($0.description)" } ?? ""))
        }
        return lines.joined(separator: "\n")
    }

    private func line(_ row: AccessComparison.Row) -> String {
        var sources = row.sources.map { provenance ? $0.provenance : $0.description }.joined(separator: ", ")
        if provenance, let removed = row.removedIn { sources += "removed from git in \(removed.summary)" }
        let subject = row.subject.description
        return
            "  \(pad(subject, 24)) git \(pad(row.desired?.rawValue ?? "-", 5)) server "
            + "\(pad(row.live?.rawValue ?? "-", 5)) \(row.status.rawValue)"
            + (sources.isEmpty ? "" : "  # \(sources)")
    }
}

extension AccessComparisonFormatter {
    /// `atrium show group:NAME` or `template:NAME`: members or ACL entries, in git and on the server.
    public func text(_ comparison: IdentityComparison, server: String) -> String {
        let declared = comparison.declared ? "declared in git" : "not declared in git (Atrium leaves it alone)"
        let exists = comparison.existsOnServer ? "exists on \(server)" : "absent from \(server)"
        var lines = ["\(comparison.target): \(declared), \(exists)"]
        if comparison.rows.isEmpty { lines.append("(nobody)") }
        for row in comparison.rows {
            let source = row.source.map { "  # \(provenance ? $0.provenance : $0.description)" } ?? ""
            lines.append(
                "  \(pad(row.subject, 24)) git \(pad(row.desired ?? "-", 6)) server \(pad(row.live ?? "-", 6)) "
                    + "\(row.status.rawValue)"
                    + source)
        }
        return lines.joined(separator: "\n")
    }
}

/// `text` padded with spaces to `width` (never cut).
func pad(_ text: String, _ width: Int) -> String {
    text.count >= width ? text : text + String(repeating: " ", count: width - text.count)
}
