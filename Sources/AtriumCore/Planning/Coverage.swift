/// What a comparison of `desired` with `live` could not compare, surface by surface: said
/// beside a plan and an access review, so that neither is read as "in sync" where Atrium did
/// not look.
public struct Coverage: Sendable {
    public let desired: DesiredState
    public let live: LiveState

    public init(desired: DesiredState, live: LiveState) {
        self.desired = desired
        self.live = live
    }

    public var notCompared: [NotCompared] {
        Surface.allCases.compactMap(notCompared(on:))
    }

    private func notCompared(on surface: Surface) -> NotCompared? {
        switch surface {
        case .workspaces:
            let unread = desired.workspaces.count { workspace in
                !workspace.parameters.isEmpty && live.workspaces[workspace.id].map { $0.parameters == nil } == true
            }
            return unread == 0
                ? nil
                : NotCompared(
                    .workspaces, count: unread,
                    reason: "they cost a request each and were not read "
                        + "(`atrium reconcile --check-parameters` reads them)")
        case .workspaceACL, .link:
            // Every governed workspace's ACL and link are read; undeclared grants are drift.
            return nil
        case .ports:
            let declared = Set(desired.workspaces.filter { $0.ports != nil }.map(\.id))
            let all = Set(desired.workspaces.map(\.id))
            let governed = live.workspaces.filter {
                !declared.contains($0.key) && desired.config.scope.governs($0.value, declared: all)
            }
            if !desired.config.prunesPorts {
                return governed.isEmpty
                    ? nil : NotCompared(.ports, count: governed.count, reason: "prune.ports is false")
            }
            let unread = governed.count { $0.value.ports == nil }
            return unread == 0 ? nil : NotCompared(.ports, count: unread, reason: "they were not read from the server")
        case .snapshots:
            let declared = desired.workspaces.count { !$0.snapshots.isEmpty }
            return live.capabilities.snapshots || declared == 0
                ? nil
                : NotCompared(
                    .snapshots, count: declared, reason: "\(live.capabilities.serverName) has no snapshot API")
        case .groups, .templateACL, .orgSetting:
            // Governed exactly where git declares them (a Group, a TemplateAccess, policy.sharing),
            // and compared there in full.
            return nil
        case .groupMembers:
            let open = desired.groups.count { $0.members == nil && $0.name != Group.everyone }
            return open == 0
                ? nil : NotCompared(.groupMembers, count: open, reason: "git lists no `members:` for them")
        }
    }
}
