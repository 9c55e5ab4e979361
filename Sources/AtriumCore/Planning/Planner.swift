import Foundation

/// Plans the changes from the live state to the desired state: a pure function of the two and
/// the clock. Every problem that would stop the apply (unknown users, groups or templates, the
/// server's policy, missing capabilities) is found here, before the first write.
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

    /// The live workspaces the configuration's scope covers.
    public static func governs(_ workspace: LiveState.Workspace, scope: Config.Scope, declared: Set<WorkspaceID>) -> Bool {
        if declared.contains(workspace.workspaceID) { return true }
        switch scope {
        case .declared: return false
        case .all: return true
        case .filter(let owners, let templates): return owners.contains(workspace.owner) || templates.contains(workspace.template)
        }
    }

    public func plan() -> Result {
        var diagnostics: [Diagnostic] = []
        var creates: [PlanAction] = []
        var changes: [PlanAction] = []
        var releases: [PlanAction] = []
        var drift: [Drift] = []
        var snapshotLinks: [SnapshotLink] = []
        let access = EffectiveAccess(state: desired, now: now)
        let server = live.serverURL

        for workspace in desired.workspaces.sorted(by: { $0.id < $1.id }) {
            let id = workspace.id
            let existing = live.workspaces[id]
            if live.users[workspace.owner] == nil {
                diagnostics.append(.error(
                    at: workspace.location, "owner `\(workspace.owner)` of `\(id)` is not a user on \(server)",
                    hint: Suggestion.didYouMean(workspace.owner, in: live.users.keys) ?? "create the user first, or fix the name"))
            }
            if existing == nil {
                if let template = live.templates[workspace.template] {
                    if let known = template.parameters {
                        for name in workspace.parameters.keys.sorted() where !known.contains(name) {
                            diagnostics.append(.error(
                                at: workspace.templateLocation, "template `\(workspace.template)` has no parameter `\(name)`",
                                hint: Suggestion.didYouMean(name, in: known) ?? "its parameters are: \(known.joined(separator: ", "))"))
                        }
                    }
                } else {
                    diagnostics.append(.error(
                        at: workspace.templateLocation, "template `\(workspace.template)` does not exist on \(server)",
                        hint: Suggestion.didYouMean(workspace.template, in: live.templates.keys) ?? "create it on the server, or fix the name"))
                }
                creates.append(PlanAction(
                    kind: .createWorkspace, workspace: id, template: workspace.template, parameters: workspace.parameters,
                    sources: [.init(workspace.nameLocation)], reason: "declared in git, absent on the server"))
            } else if let existing, existing.template != workspace.template {
                diagnostics.append(.warning(
                    at: workspace.templateLocation, "`\(id)` runs template `\(existing.template)` on the server, not `\(workspace.template)`",
                    hint: "Atrium never recreates workspaces; change the template on the server, or in git"))
            }

            // Sharing.
            let entries = access.entries(for: id)
            var desiredRoles: [Subject: EffectiveAccess.Entry] = [:]
            for entry in entries {
                desiredRoles[entry.subject] = entry
                let known: Bool
                switch entry.subject {
                case .user(let name): known = live.users[name] != nil
                case .group(let name): known = live.groups[name] != nil
                }
                if !known {
                    let candidates = entry.subject.kind == "user" ? Array(live.users.keys) : Array(live.groups.keys)
                    for source in entry.sources {
                        diagnostics.append(.error(
                            at: source.location, "unknown \(entry.subject.kind) `\(entry.subject.name)` on \(server)",
                            hint: Suggestion.didYouMean(entry.subject.name, in: candidates) ?? "create the \(entry.subject.kind) on the server, or fix the name"))
                    }
                }
                if !live.sharingEnabled {
                    for source in entry.sources {
                        diagnostics.append(.error(
                            at: source.location, "organization `\(live.organization)` on \(server) has sharing disabled, so \(entry.subject) cannot be granted `\(entry.role.rawValue)`",
                            hint: "remove the grant, or enable sharing on the server"))
                    }
                }
            }
            let liveUsers = existing?.users ?? [:]
            let liveGroups = existing?.groups ?? [:]
            var liveRoles: [Subject: Role] = [:]
            for (name, role) in liveUsers { liveRoles[.user(name)] = role }
            for (name, role) in liveGroups { liveRoles[.group(name)] = role }

            for entry in entries {
                // Built only for entries that change: in a no-change plan, most do not.
                var sources: [PlanAction.Source] { entry.sources.map { $0.planSource(workspace: id, subject: entry.subject) } }
                switch liveRoles[entry.subject] {
                case nil:
                    changes.append(PlanAction(kind: .share, workspace: id, subject: entry.subject, role: entry.role, sources: sources, reason: "declared in git"))
                case let current? where current != entry.role:
                    changes.append(PlanAction(
                        kind: .changeRole, workspace: id, subject: entry.subject, role: entry.role, previousRole: current, sources: sources,
                        reason: entry.role > current ? "git grants `\(entry.role.rawValue)`" : "git grants only `\(entry.role.rawValue)`"))
                default:
                    break
                }
            }
            let expired = expiredGrants(for: workspace)
            for (subject, role) in liveRoles.sorted(by: { $0.key < $1.key }) where desiredRoles[subject] == nil {
                if let ended = expired[subject] {
                    changes.append(PlanAction(
                        kind: .unshare, workspace: id, subject: subject, previousRole: role, sources: ended.sources,
                        reason: "expired at \(Timestamp.format(ended.expires))"))
                } else if desired.config.pruneGrants {
                    changes.append(PlanAction(kind: .unshare, workspace: id, subject: subject, previousRole: role, reason: "not declared in git"))
                } else {
                    drift.append(Drift(workspace: id.description, subject: subject, role: role))
                }
            }

            // Link sharing.
            if let link = workspace.link {
                if !live.capabilities.admission {
                    if link == .everyone {
                        diagnostics.append(.error(
                            at: workspace.linkLocation ?? workspace.location,
                            "`\(id)` declares `link: everyone`, but \(server) (\(live.capabilities.serverName)) has no link sharing",
                            hint: "remove `link:`, or use a server with the `admission` extension such as `atrium serve`"))
                    }
                } else {
                    let current = existing?.link ?? .owner
                    if current != link {
                        if link == .everyone && !live.sharingEnabled {
                            diagnostics.append(.error(
                                at: workspace.linkLocation ?? workspace.location,
                                "organization `\(live.organization)` on \(server) has sharing disabled, so `\(id)` cannot be shared by link",
                                hint: "use `link: owner`, or enable sharing on the server"))
                        }
                        changes.append(PlanAction(
                            kind: .setLink, workspace: id, link: link, previousLink: current,
                            sources: workspace.linkLocation.map { [.init($0, key: .link(workspace: id, level: link))] } ?? [], reason: "declared in git"))
                    }
                }
            }

            // Snapshots: idempotent by name.
            if !workspace.snapshots.isEmpty && !live.capabilities.snapshots {
                diagnostics.append(.error(
                    at: workspace.snapshots[0].location, "`\(id)` declares snapshots, but \(server) (\(live.capabilities.serverName)) cannot take them",
                    hint: "remove `snapshots:`, or use a server with the `snapshots` extension such as `atrium serve`"))
            }
            for snapshot in workspace.snapshots {
                if let url = existing?.snapshots?[snapshot.name] {
                    snapshotLinks.append(SnapshotLink(workspace: id.description, name: snapshot.name, url: url))
                } else {
                    changes.append(PlanAction(kind: .snapshot, workspace: id, snapshot: snapshot.name, sources: [.init(snapshot.location)], reason: "declared in git, not taken yet"))
                }
            }
        }

        // Governed workspaces that git no longer declares give their sharing back.
        let declared = Set(desired.workspaces.map(\.id))
        for (id, workspace) in live.workspaces.sorted(by: { $0.key < $1.key }) where !declared.contains(id) {
            guard Self.governs(workspace, scope: desired.config.scope, declared: declared) else { continue }
            let shared = !workspace.users.isEmpty || !workspace.groups.isEmpty || workspace.link == .everyone
            if shared {
                let count = workspace.users.count + workspace.groups.count
                releases.append(PlanAction(
                    kind: .release, workspace: id, previousLink: workspace.link == .everyone ? .everyone : nil,
                    reason: "in scope but not declared in git: clear its \(count) grant\(count == 1 ? "" : "s")\(workspace.link == .everyone ? " and link sharing" : "")"))
            }
        }

        let touched = desired.workspaces.map(\.id) + releases.compactMap(\.workspaceID)
        let plan = Plan(
            commit: commit, server: server, organization: live.organization, now: now,
            liveFingerprint: live.fingerprint(of: touched), actions: creates + changes + releases, drift: drift, snapshots: snapshotLinks)
        return Result(plan: plan, diagnostics: diagnostics.sorted())
    }

    /// Subjects whose every declaration for the workspace has expired, with the latest expiry.
    private func expiredGrants(for workspace: Workspace) -> [Subject: (expires: Date, sources: [PlanAction.Source])] {
        var result: [Subject: (expires: Date, sources: [PlanAction.Source])] = [:]
        func add(_ grant: SubjectGrant, _ document: Grant?) {
            guard let expires = grant.expires, expires <= now, grant.subject != .user(workspace.owner) else { return }
            var entry = result[grant.subject] ?? (expires, [])
            entry.expires = max(entry.expires, expires)
            entry.sources.append(PlanAction.Source(grant.location, grant: document?.name, key: .of(grant, workspace: workspace.id, in: document)))
            result[grant.subject] = entry
        }
        for grant in workspace.grants { add(grant, nil) }
        for document in desired.grants where document.selects(workspace) {
            for grant in document.grants { add(grant, document) }
        }
        return result
    }
}
