import Foundation

/// Plans the changes from the live state to the desired state: a pure function of the two and
/// the clock. Every problem that would stop the apply (unknown users, groups or templates, the
/// server's policy, missing capabilities) is found here, before the first write. One function
/// per kind of change; each adds to a `Draft`.
public struct Planner {
    public let desired: DesiredState
    public let live: LiveState
    public let now: Date
    public let commit: String

    public init(desired: DesiredState, live: LiveState, now: Date, commit: String) {
        self.desired = desired
        self.live = live
        self.now = now
        self.commit = commit
    }

    public struct Result: Sendable {
        public var plan: Plan
        /// Errors (nothing may be applied) and warnings.
        public var diagnostics: [Diagnostic]
        public var errorCount: Int { diagnostics.count(where: { $0.severity == .error }) }
    }

    /// What planning has found so far: actions in their three phases, drift, snapshots, findings.
    struct Draft {
        var diagnostics: [Diagnostic] = []
        var creates: [PlanAction] = []
        var changes: [PlanAction] = []
        var releases: [PlanAction] = []
        var drift: [Drift] = []
        var snapshotLinks: [SnapshotLink] = []
        var shareLinks: [ShareLink] = []
    }

    var server: String { live.serverURL }

    public func plan() -> Result {
        var draft = Draft()
        planOrgSetting(&draft)
        let access = EffectiveAccess(state: desired, now: now)
        // In id order; sorting positions, not the workspaces themselves (large values to move).
        let ids = desired.workspaces.map(\.id)
        for index in ids.indices.sorted(by: { ids[$0] < ids[$1] }) {
            let workspace = desired.workspaces[index]
            let existing = live.workspaces[ids[index]]
            checkOwner(of: workspace, &draft)
            planCreate(workspace, existing: existing, &draft)
            let entries = access.entries(for: ids[index])
            checkSubjects(entries, &draft)
            planGrants(entries, on: ids[index], existing: existing, &draft)
            planUnshares(workspace, keeping: entries, existing: existing, &draft)
            planLink(workspace, existing: existing, &draft)
            planSnapshots(workspace, existing: existing, &draft)
        }
        planReleases(&draft)
        if draft.creates.contains(where: { $0.kind == .orgSetting && $0.value != "everyone" }) {
            // The server deletes every ACL of the organization (and closes links) itself when
            // sharing turns off: unsharing as well would be refused, and is moot.
            draft.changes.removeAll { [.unshare, .changeRole, .setLink].contains($0.kind) }
            draft.releases.removeAll()
        }
        let touched = ids + draft.releases.compactMap(\.workspaceID)
        var plan = Plan(
            commit: commit, server: server, organization: live.organization, now: now,
            liveFingerprint: live.fingerprint(of: touched), actions: draft.creates + draft.changes + draft.releases,
            drift: draft.drift, snapshots: draft.snapshotLinks)
        plan.shareLinks = draft.shareLinks
        plan.removals = removals(in: plan, limit: desired.config.maxRemovals ?? .standard)
        return Result(plan: plan, diagnostics: draft.diagnostics.sorted())
    }

    /// What `plan` removes against the live grants on governed workspaces, under `limit`.
    public func removals(in plan: Plan, limit: RemovalLimit) -> Removals {
        let grants = Removals.grants(in: live, scope: desired.config.scope, declared: Set(desired.workspaces.map(\.id)))
        return Removals(count: Removals.count(in: plan, live: live), grants: grants, limit: limit)
    }
}
