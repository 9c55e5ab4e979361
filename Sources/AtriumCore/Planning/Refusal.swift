/// Why a plan is not applied although it is valid: one of the safety guards stopped it. Decided
/// here, once, from the plan itself (its removals were counted by the planner under the limit in
/// force); the reconciler never applies a refused plan, whatever its caller answers.
public enum Refusal: Sendable, Encodable {
    /// It removes more access than the removal limit allows.
    case removals(Removals)
    /// It changes the organization's sharing setting without leave to.
    case orgSetting(organization: String, from: String, to: String)

    /// `it removes more access than allowed, 14 removals of 40 grants; the limit is 10 (25%, at least 10)`.
    public var reason: String {
        switch self {
        case .removals(let removals):
            return "it removes more access than allowed, \(removals.summary)"
        case .orgSetting(let organization, let from, let to):
            return
                "it changes the sharing setting of organization \(organization) from \(from) to \(to)"
                + (to == "everyone" ? "" : ", and Coder then deletes every workspace ACL in it for good")
        }
    }

    /// `refusing this plan: <reason>; nothing was written. <remedy>`.
    public var message: String {
        "refusing this plan: \(reason); nothing was written. \(remedy)"
    }

    /// `removals` or `org-setting`.
    public var kind: String {
        switch self {
        case .removals: "removals"
        case .orgSetting: "org-setting"
        }
    }

    enum CodingKeys: String, CodingKey { case kind, reason, remedy }

    /// `{"kind": …, "reason": …, "remedy": …}` in a refused plan's JSON.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(kind, forKey: .kind)
        try container.encode(reason, forKey: .reason)
        try container.encode(remedy, forKey: .remedy)
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
        guard !orgSettingAllowed else { return nil }
        for action in actions {
            if case .orgSetting(let organization, let from, let to) = action.change {
                return .orgSetting(organization: organization, from: from, to: to)
            }
        }
        return nil
    }

    /// The guards a plan must pass before it is applied.
    public func isRefused(orgSettingAllowed: Bool) -> Bool {
        refusal(orgSettingAllowed: orgSettingAllowed) != nil
    }
}
