import AtriumClient
import AtriumCore

/// A plan, and what applying it did, as text, Markdown or JSON.
struct PlanRendering {
    let format: PlanFormat
    let formatter: PlanFormatter

    func render(_ plan: Plan, report: ApplyReport?, refusal: Refusal? = nil) -> String {
        switch format {
        case .text:
            return formatter.text(plan)
        case .markdown:
            var text = formatter.markdown(plan)
            if let refusal { text += "\n\n**Refused:** \(refusal.reason); nothing was written. \(refusal.remedy)." }
            if let report {
                text += "\n\n**Applied \(report.appliedCount) of \(report.entries.count) changes.**"
                for entry in report.unapplied.prefix(50) {
                    text +=
                        "\n- ❌ `\(entry.action.workspace)`: \(PlanFormatter.phrase(entry.action)) — "
                        + "\(entry.error ?? "")"
                }
            }
            return text
        case .json:
            return (try? JSONFormat.text(PlanWithReport(plan: plan, apply: report, refusal: refusal))) ?? "{}"
        }
    }

    /// What applying did, as text: share, port and snapshot URLs, then the count, then each change that did not happen.
    static func applied(_ report: ApplyReport) -> String {
        var lines: [String] = []
        for entry in report.entries {
            guard let url = entry.url else { continue }
            switch entry.action.change {
            case .link: lines.append("share URL \(entry.action.workspace): \(url)")
            case .sharePort(_, let port, _):
                lines.append("shared port \(entry.action.workspace) \(port.port) \(port.level.rawValue): \(url)")
            case .snapshot(_, let name): lines.append("snapshot \(entry.action.workspace) \(name): \(url)")
            default: continue
            }
        }
        if report.unapplied.isEmpty {
            lines.append("Applied \(plural(report.appliedCount, "change")) (\(plural(report.requests, "request"))).")
        } else {
            lines.append(
                "Applied \(report.appliedCount) of \(plural(report.entries.count, "change")); "
                    + "\(report.unapplied.count) did not happen:"
            )
            for entry in report.unapplied {
                let outcome = entry.outcome == .failed ? "failed" : "not attempted"
                lines.append(
                    "  \(outcome): \(entry.action.workspace): \(PlanFormatter.phrase(entry.action)) — "
                        + "\(entry.error ?? "")"
                )
            }
        }
        return lines.joined(separator: "\n")
    }
}

/// The JSON plan, with `apply` (the report) once it was applied.
private struct PlanWithReport: Encodable {
    var plan: Plan
    var apply: ApplyReport?
    /// The guard that refused the plan: nothing was written.
    var refusal: Refusal?

    func encode(to encoder: any Encoder) throws {
        try plan.encode(to: encoder)
        var container = encoder.container(keyedBy: Key.self)
        try container.encodeIfPresent(apply, forKey: .apply)
        try container.encodeIfPresent(refusal, forKey: .refusal)
    }

    enum Key: String, CodingKey { case apply, refusal }
}
