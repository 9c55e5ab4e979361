/// The access a change removes, against the access there is: unshares, role lowerings, grants
/// cleared by releases, links closed and port shares deleted or narrowed, out of the grants (and
/// open links and shared ports) on the governed
/// workspaces. `reconcile` refuses a plan whose removals exceed the limit; `diff` shows the same
/// count for a pull request, before it is merged.
public struct Removals: Sendable, Codable, Hashable {
    public var count: Int
    /// The grants and open links there are (live for a plan, at the base revision for a diff).
    public var grants: Int
    /// How many the limit allows for that many grants.
    public var allowed: Int
    /// The limit as written (`25%, at least 10`).
    public var limit: String

    public init(count: Int, grants: Int, limit: RemovalLimit) {
        self.count = count
        self.grants = grants
        self.allowed = limit.allowed(grants: grants)
        self.limit = limit.description
    }

    public var exceeded: Bool { count > allowed }

    /// `14 removals of 40 grants; the limit is 10 (25%, at least 10)`.
    public var summary: String {
        "\(count) removal\(count == 1 ? "" : "s") of \(grants) grant\(grants == 1 ? "" : "s"); the limit is "
            + "\(allowed) (\(limit))"
    }

    /// What a plan removes from `live`.
    public static func count(in plan: Plan, live: LiveState) -> Int {
        plan.actions.reduce(0) { $0 + $1.change.removals(live: live) }
    }

    /// The grants and open links on the live workspaces the scope governs, and the members of
    /// the groups git declares (a membership reaches as far as a grant).
    public static func grants(in live: LiveState, scope: Config.Scope, declared: Set<WorkspaceID>) -> Int {
        let members = live.groupMembers.values.reduce(0) { $0 + $1.count }
        return live.workspaces.values.reduce(members) { total, workspace in
            guard scope.governs(workspace, declared: declared) else { return total }
            return total + workspace.grantCount + (workspace.link == .everyone ? 1 : 0) + (workspace.ports?.count ?? 0)
        }
    }
}
