/// Users who left: what git declares for them is reported with its place, and under
/// `policy.inactiveUsers: revoke` removed, each removal saying why.
extension Planner {
    /// A warning per holding: kept (the default) or removed.
    var inactiveFindings: [Diagnostic] {
        let policy = desired.config.policy
        let setting =
            "`policy.inactiveUsers: \(policy.inactiveUsers.rawValue)`"
            + (policy.inactiveUsersLocation.map { " (\($0))" } ?? "")
        // Under keep, a user the server does not know is an error of its own (found where the
        // grant, member or entry is planned); it is not said twice.
        let reported = policy.inactiveUsers == .keep ? inactive.filter { $0.status != .unknown } : inactive
        return reported.map { holding in
            switch policy.inactiveUsers {
            case .keep:
                return .warning(
                    at: holding.location, "\(holding.description) on \(server): kept under \(setting)",
                    hint: "remove it, or set `policy.inactiveUsers: revoke`")
            case .revoke:
                return .warning(
                    at: holding.location, "\(holding.description) on \(server): removed under \(setting)",
                    hint: "remove it from git too")
            }
        }
    }

    /// Under `revoke`, a removal of something a user who left holds says so.
    func labelInactiveRemovals(_ actions: inout [PlanAction]) {
        guard desired.config.policy.inactiveUsers == .revoke, !inactive.isEmpty else { return }
        let statuses = Dictionary(inactive.map { ($0.user, $0.status) }, uniquingKeysWith: { first, _ in first })
        for index in actions.indices where actions[index].change.isRemoval {
            guard case .user(let user)? = actions[index].change.subject, let status = statuses[user] else { continue }
            let state = status == .unknown ? "no longer a user of the server" : status.rawValue
            actions[index].reason = "\(user) is \(state) (policy.inactiveUsers: revoke)"
        }
    }
}
