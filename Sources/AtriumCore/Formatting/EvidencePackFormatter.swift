/// The evidence pack as CSV (one line per grant and review) and as one self-contained HTML page.
public enum EvidencePackFormatter {
    public static let csvHeader = [
        "surface", "target", "subject", "role", "granted_commit", "granted_by", "granted_at", "pull_request",
        "approved_by", "campaign", "reviewer", "decision", "comment", "decided_at", "decided_in", "ended", "ended_at",
        "ended_commit", "ended_by",
    ]

    public static func csv(_ pack: EvidencePack) -> String {
        var lines = [csvHeader.joined(separator: ",")]
        for record in pack.records {
            let reviews = record.reviews.isEmpty ? [nil] : record.reviews.map(Optional.some)
            for review in reviews {
                let fields: [String] = [
                    record.surface, record.target, record.subject, record.role, record.granted?.commit ?? "",
                    record.granted?.author ?? "", record.granted?.date ?? "", record.granted?.pullRequest ?? "",
                    record.granted?.approvedBy.joined(separator: "; ") ?? "", review?.campaign ?? "",
                    review?.reviewer ?? "", review?.decision ?? "", review?.comment ?? "", review?.decidedAt ?? "",
                    review?.decidedIn ?? "", record.ended?.how ?? "",
                    record.ended?.at ?? "", record.ended?.commit ?? "", record.ended?.by ?? "",
                ]
                lines.append(AccessReviewFormatter.line(fields))
            }
        }
        return lines.joined(separator: "\n")
    }

    public static func html(_ pack: EvidencePack) -> String {
        let escape = AccessPageRenderer.escape
        let rows = pack.records.map { record in
            let granted =
                record.granted.map { granted in
                    "\(escape(String(granted.commit.prefix(12)))) \(escape(granted.author)) \(escape(granted.date))"
                        + (granted.pullRequest.map { " \(escape($0))" } ?? "")
                        + (granted.approvedBy.isEmpty
                            ? "" : " approved by \(escape(granted.approvedBy.joined(separator: ", ")))")
                } ?? ""
            let reviews = record.reviews.map {
                "\(escape($0.campaign)): \(escape($0.reviewer)) \(escape($0.decision))"
                    + ($0.comment.map { " (\(escape($0)))" } ?? "") + ($0.decidedAt.map { " on \(escape($0))" } ?? "")
            }.joined(separator: "<br>")
            let ended = record.ended.map {
                "\(escape($0.how)) \(escape($0.at))" + ($0.by.map { " by \(escape($0))" } ?? "")
            }
            return
                "<tr><td>\(escape(record.surface))</td><td>\(escape(record.target))</td><td>\(escape(record.subject))"
                + "</td><td>\(escape(record.role))</td><td>\(granted)</td><td>\(reviews)</td>"
                + "<td>\(ended ?? "in force")</td></tr>"
        }
        return """
            <!DOCTYPE html>
            <html lang="en"><head><meta charset="utf-8"><title>Atrium access evidence</title>
            <style>body{font:13px system-ui,sans-serif;margin:1.5rem}table{border-collapse:collapse}\
            td,th{border:1px solid #ccd;padding:.2rem .4rem;text-align:left;vertical-align:top}th{background:#f2f4f7}</style>
            </head><body><h1>Access evidence</h1>
            <p>From \(escape(pack.since)) to \(escape(pack.until)): \(pack.records.count) grants in force at some time.</p>
            <table><thead><tr><th>surface</th><th>target</th><th>subject</th><th>role</th><th>granted in</th>
            <th>reviewed in</th><th>ended</th></tr></thead><tbody>
            \(rows.joined(separator: "\n"))
            </tbody></table></body></html>

            """
    }
}
