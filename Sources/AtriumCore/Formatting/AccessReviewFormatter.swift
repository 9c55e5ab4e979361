import Foundation

/// Renders an access review as text (grouped by workspace) or CSV (RFC 4180, one line per
/// grant and source, for spreadsheets and audit tools).
public enum AccessReviewFormatter {
    public static func text(_ review: AccessReview) -> String {
        var lines = [
            "Access at \(review.revision.description), judged at "
                + "\(review.at)\(review.server.map { ", compared with \($0)" } ?? "")"
        ]
        if review.rows.isEmpty { lines += ["", "(no access matches)"] }
        var current: String?
        let width = max(20, review.rows.map(\.subject.count).max() ?? 0)
        let roleWidth = max(6, review.rows.map { ($0.role ?? "-").count }.max() ?? 0)
        for row in review.rows {
            if row.workspace != current {
                lines.append("")
                lines.append(row.workspace)
                current = row.workspace
            }
            var line =
                "  \(row.subject.padding(toLength: width, withPad: " ", startingAt: 0)) "
                + "\(pad(row.role ?? "-", roleWidth))"
            if let status = row.status {
                line += " \(status.rawValue)"
                if status == .roleDiffers || status == .notDeclared { line += " (server: \(row.liveRole ?? "-"))" }
            }
            if let expires = row.expires { line += " until \(expires)" }
            if let url = row.shareURL { line += " at \(url)" }
            var notes = row.sources.map(\.provenance)
            if let via = row.via, let group = row.subject.split(separator: ":").last {
                notes.append("via group \(group), member at \(via.provenance)")
            }
            if let removed = row.removedIn { notes.append("removed from git in \(removed.summary)") }
            if let rules = row.rules {
                notes.append("bound by rule\(rules.count == 1 ? "" : "s") \(rules.joined(separator: ", "))")
            }
            if !notes.isEmpty { line += "  # " + notes.joined(separator: "; ") }
            lines.append(line)
        }
        if review.server != nil {
            let drift = review.drift.count
            lines.append("")
            let compared = review.notCompared.isEmpty ? "" : " on every surface compared"
            lines.append(
                drift == 0
                    ? "No drift: the server matches git\(compared)."
                    : "Drift: \(drift) difference\(drift == 1 ? "" : "s") between git and the server.")
            lines += review.notCompared.map { "Not compared: \($0)" }
            lines += review.inactiveUsers.map { "Left: \($0.description) (\($0.location.file):\($0.location.line))" }
        }
        return lines.joined(separator: "\n")
    }

    public static let csvHeader = [
        "workspace", "subject", "role", "expires", "status", "live_role", "file", "line", "grant",
        "commit", "author", "email", "date", "message",
    ]

    public static func csv(_ review: AccessReview) -> String {
        var lines = [csvHeader.joined(separator: ",")]
        for row in review.rows {
            let base = [
                row.workspace, row.subject, row.role ?? "", row.expires ?? "", row.status?.rawValue ?? "",
                row.liveRole ?? "",
            ]
            if row.sources.isEmpty {
                let removed = row.removedIn
                lines.append(
                    line(
                        base + [
                            "", "", "", removed?.sha ?? "", removed?.author ?? "", removed?.email ?? "",
                            removed?.date ?? "", removed.map { "removed: \($0.subject)" } ?? "",
                        ]))
            }
            for source in row.sources {
                let commit = source.commit
                lines.append(
                    line(
                        base + [
                            source.file, String(source.line), source.grant ?? "", commit?.sha ?? "",
                            commit?.author ?? "", commit?.email ?? "",
                            commit?.date ?? "", commit?.subject ?? "",
                        ]))
            }
        }
        return lines.joined(separator: "\n")
    }

    static func line(_ fields: [String]) -> String {
        fields.map { field in
            guard field.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return field }
            return "\"" + field.replacingOccurrences(of: "\"", with: "\"\"") + "\""
        }.joined(separator: ",")
    }
}
