public import Foundation

/// Plans the changes from the live state to the desired state: a pure function of the two and
/// the clock. Every problem that would stop the apply (unknown users, groups or templates, the
/// server's policy, missing capabilities) is found here, before the first write. One function
/// per kind of change; each adds to a `Draft`.
public struct Planner: Sendable {
    public let desired: DesiredState
    public let live: LiveState
    public let now: Date
    public let commit: String
    /// Who may reach which declared workspace: computed here unless the caller has it already
    /// (the reconciler works it out while the live state is still being read).
    public let access: EffectiveAccess
    /// How much access the plan may remove: `--max-removals` when given, else the Config's
    /// `prune.maxRemovals`, else the default. The plan's `removals` are counted under it, once.
    public let removalLimit: RemovalLimit
    /// The SharingRules: a grant made by hand that one forbids is removed, labelled with it.
    let rules: RuleBook
    /// What git declares for users who left (suspended, dormant, unknown to the server); under
    /// `policy.inactiveUsers: revoke`, `desired` no longer holds it.
    public let inactive: [InactiveHolding]

    public init(
        desired: DesiredState, live: LiveState, now: Date, commit: String, access: EffectiveAccess? = nil,
        removalLimit: RemovalLimit? = nil
    ) {
        // The effective access is worked out once: the caller's, or here, for both uses.
        let computed = access ?? EffectiveAccess(state: desired, now: now)
        let inactive = InactiveHolding.find(desired: desired, live: live, now: now, access: computed)
        let revoking = desired.config.policy.inactiveUsers == .revoke && !inactive.isEmpty
        let planned = revoking ? desired.removing(users: Set(inactive.map(\.user))) : desired
        self.desired = planned
        self.inactive = inactive
        self.removalLimit = removalLimit ?? desired.config.maxRemovals ?? .standard
        self.live = live
        self.now = now
        self.commit = commit
        self.access = revoking ? EffectiveAccess(state: planned, now: now) : computed
        self.rules = RuleBook(state: planned, now: now)
    }

    /// Runs `count` independent jobs, each given its index, and returns when all have: the caller
    /// decides on which threads (the client passes Dispatch's `concurrentPerform`). AtriumCore
    /// itself starts no threads: by default the jobs run one after another.
    public typealias Jobs = @Sendable (_ count: Int, _ job: @Sendable (Int) -> Void) -> Void
    public static let sequential: Jobs = { count, job in for index in 0..<count { job(index) } }

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
        var settingDrift: [SettingDrift] = []
        var portLinks: [PortLink] = []

        /// Adds what a later run of workspaces found, after what this one has.
        mutating func append(_ other: Draft) {
            diagnostics += other.diagnostics
            creates += other.creates
            changes += other.changes
            releases += other.releases
            drift += other.drift
            snapshotLinks += other.snapshotLinks
            shareLinks += other.shareLinks
            settingDrift += other.settingDrift
            portLinks += other.portLinks
        }
    }

    var server: String { live.serverURL }

    /// Plans. The declared workspaces are planned in `chunks` runs of consecutive ids, which
    /// `jobs` may run at once; their drafts are joined in id order, so the plan is the same
    /// whatever the number of chunks.
    public func plan(chunks: Int = 1, jobs: Jobs = Planner.sequential) -> Result {
        // In id order; sorting positions, not the workspaces themselves (large values to move).
        let ids = desired.workspaces.map(\.id)
        let order = ids.indices.sorted(by: { ids[$0] < ids[$1] })
        let count = max(1, min(chunks, order.count / 256))
        var parts = [Draft](repeating: Draft(), count: count)
        planOrgSetting(&parts[0])
        planGroups(&parts[0])
        planTemplateAccess(&parts[0])
        ParallelSlots.fill(&parts, jobs: jobs) { part, draft in
            let range = (order.count * part / count)..<(order.count * (part + 1) / count)
            planWorkspaces(order[range], ids: ids, &draft)
        }
        // Joined in order, each part let go once added: a large plan is not held twice.
        var draft = parts[0]
        parts[0] = Draft()
        for index in parts.indices.dropFirst() {
            draft.append(parts[index])
            parts[index] = Draft()
        }
        planReleases(&draft)
        if draft.creates.contains(where: \.turnsSharingOff) {
            // The server deletes every ACL of the organization (and closes links) itself when
            // sharing turns off: unsharing as well would be refused, and is moot.
            draft.changes.removeAll(where: \.isMootOnceSharingIsOff)
            draft.releases.removeAll(where: \.isMootOnceSharingIsOff)
        }
        let touched = ids + draft.releases.compactMap(\.workspaceID)
        var plan = Plan(
            commit: commit, server: server, organization: live.organization, now: now,
            liveFingerprint: live.fingerprint(of: touched), actions: draft.creates + draft.changes + draft.releases,
            drift: draft.drift, snapshots: draft.snapshotLinks)
        plan.shareLinks = draft.shareLinks
        plan.settingDrift = draft.settingDrift
        plan.portLinks = draft.portLinks
        plan.portLinkNote = draft.portLinks.isEmpty ? nil : portLinkNote
        plan.inactiveUsers = inactive
        labelInactiveRemovals(&plan.actions)
        plan.removals = removals(in: plan, limit: removalLimit)
        plan.notCompared = notCompared
        return Result(plan: plan, diagnostics: (draft.diagnostics + inactiveFindings).sorted())
    }

    /// Plans the declared workspaces at `positions` (in id order) into `draft`.
    private func planWorkspaces(_ positions: ArraySlice<Int>, ids: [WorkspaceID], _ draft: inout Draft) {
        for index in positions {
            let workspace = desired.workspaces[index]
            let existing = live.workspaces[ids[index]]
            checkOwner(of: workspace, &draft)
            planCreate(workspace, existing: existing, &draft)
            let entries = withLinkGrant(access.entries(for: ids[index]), of: workspace)
            checkSubjects(entries, &draft)
            planGrants(entries, on: ids[index], existing: existing, &draft)
            planUnshares(workspace, keeping: entries, existing: existing, &draft)
            planLink(workspace, existing: existing, &draft)
            planSnapshots(workspace, existing: existing, &draft)
            planPorts(workspace, existing: existing, &draft)
        }
    }

    /// What `plan` removes against the live grants on governed workspaces, under `limit`.
    func removals(in plan: Plan, limit: RemovalLimit) -> Removals {
        let grants = Removals.grants(in: live, scope: desired.config.scope, declared: Set(desired.workspaces.map(\.id)))
        return Removals(count: Removals.count(in: plan, live: live), grants: grants, limit: limit)
    }
}

extension Planner {
    var notCompared: [NotCompared] { Coverage(desired: desired, live: live).notCompared }
}

extension PlanAction {
    /// Whether this turns the organization's sharing off (Coder then deletes every ACL itself).
    var turnsSharingOff: Bool {
        if case .orgSetting(_, _, let to) = change { return to != "everyone" }
        return false
    }

    /// A revoke, role change, link change or release the server does itself when sharing turns off.
    var isMootOnceSharingIsOff: Bool {
        switch change {
        case .revoke, .changeRole, .link, .release: true
        case .createWorkspace, .grant, .snapshot, .orgSetting, .createGroup, .addMember, .removeMember,
            .setGroupDisplayName, .deleteGroup, .templateGrant, .templateRevoke, .sharePort, .unsharePort:
            false
        }
    }
}
