import Foundation

/// What a review campaign must satisfy: each grant reviewed once, every kept or pending decision
/// naming a grant git declares, and every revoked grant gone from git by the due date (a
/// warning before it, an error after).
struct ReviewChecks {
    let state: DesiredState
    let now: Date

    func check() -> [Diagnostic] {
        guard !state.reviews.isEmpty else { return [] }
        let declared = ReviewProgress.grants(in: state, at: now)
        var diagnostics: [Diagnostic] = []
        var names: [String: SourceLocation] = [:]
        for campaign in state.reviews {
            if let first = names.updateValue(campaign.nameLocation, forKey: campaign.name) {
                diagnostics.append(
                    .error(
                        at: campaign.nameLocation, "review `\(campaign.name)` is declared twice (first at \(first))",
                        hint: "rename one"))
            }
            var seen: [String: SourceLocation] = [:]
            for item in campaign.items {
                if let first = seen.updateValue(item.location, forKey: item.grant) {
                    diagnostics.append(
                        .error(
                            at: item.location,
                            "`\(item.grant)` is reviewed twice in `\(campaign.name)` (first at \(first))",
                            hint: "keep one entry"))
                }
                diagnostics += check(item, in: campaign, declared: declared)
            }
        }
        return diagnostics
    }

    private func check(_ item: ReviewCampaign.Item, in campaign: ReviewCampaign, declared: Set<String>) -> [Diagnostic]
    {
        let due = Timestamp.format(campaign.due)
        switch item.decision {
        case .keep, .pending:
            guard !declared.contains(item.grant) else { return [] }
            return [
                .error(
                    at: item.location, "review `\(campaign.name)` names `\(item.grant)`, which git does not declare",
                    hint: "remove the entry, or fix the grant's name")
            ]
        case .revoke:
            guard declared.contains(item.grant) else { return [] }
            if now > campaign.due {
                return [
                    .error(
                        at: item.location,
                        "`\(item.grant)` was revoked in review `\(campaign.name)` and is still declared after \(due)",
                        hint: "atrium review apply --name \(campaign.name)")
                ]
            }
            return [
                .warning(
                    at: item.location,
                    "`\(item.grant)` is revoked in review `\(campaign.name)`: remove it from git by \(due)",
                    hint: "atrium review apply --name \(campaign.name)")
            ]
        }
    }
}
