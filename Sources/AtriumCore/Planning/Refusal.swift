/// Why a plan is not applied although it is valid: one of the safety guards stopped it. Decided
/// here, once, from the plan itself (its removals were counted by the planner under the limit in
/// force); the reconciler never applies a refused plan, whatever its caller answers.
public enum Refusal: Sendable {
    /// It removes more access than the removal limit allows.
    case removals(Removals)
    /// It changes the organization's sharing setting without leave to.
    case orgSetting(PlanAction)

    /// `it removes more access than allowed, 14 removals of 40 grants; the limit is 10 (25%, at least 10)`.
    public var reason: String {
        switch self {
        case .removals(let removals):
            return "it removes more access than allowed, \(removals.summary)"
        case .orgSetting(let change):
            return
                "it changes the sharing setting of \(change.workspace) from \(change.previousValue ?? "?") to "
                + "\(change.value ?? "?")"
                + (change.value == "everyone" ? "" : ", and Coder then deletes every workspace ACL in it for good")
        }
    }

    /// `refusing this plan: <reason>; nothing was written. <remedy>`.
    public var message: String {
        "refusing this plan: \(reason); nothing was written. \(remedy)"
    }

    /// How to allow it, when it is intended.
    public var remedy: String {
        switch self {
        case .removals:
            return
                "If the removals are intended, allow them with --max-removals 100% (or set prune.maxRemovals "
                + "in atrium.yaml)"
        case .orgSetting: return "To allow it, pass --allow-org-setting-change"
        }
    }
}

extension Plan {
    /// The guard that stops this plan, if one does.
    public func refusal(orgSettingAllowed: Bool) -> Refusal? {
        if let removals, removals.exceeded { return .removals(removals) }
        if !orgSettingAllowed, let change = actions.first(where: \.changesOrgSetting) { return .orgSetting(change) }
        return nil
    }

    /// The guards a plan must pass before it is applied.
    public func isRefused(orgSettingAllowed: Bool) -> Bool {
        refusal(orgSettingAllowed: orgSettingAllowed) != nil
    }
}
