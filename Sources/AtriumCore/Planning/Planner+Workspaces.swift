import Foundation

/// Creates, link sharing, snapshots and releases.
extension Planner {
    func checkOwner(of workspace: Workspace, _ draft: inout Draft) {
        guard live.users[workspace.owner] == nil else { return }
        draft.diagnostics.append(
            .error(
                at: workspace.ownerLocation,
                "owner `\(workspace.owner)` of `\(workspace.id)` is not a user on \(server)",
                hint: Suggestion.didYouMean(workspace.owner, in: live.users.keys)
                    ?? "create the user first, or fix the name"))
    }

    /// A workspace git declares and the server lacks is created; its template must exist there
    /// with the parameters git gives. An existing one on another template is only warned about.
    func planCreate(_ workspace: Workspace, existing: LiveState.Workspace?, _ draft: inout Draft) {
        if let existing {
            checkSettings(workspace, existing: existing, &draft)
            return
        }
        if let template = live.templates[workspace.template] {
            for name in workspace.parameters.keys.sorted() {
                guard let known = template.parameters, !known.contains(name) else { continue }
                draft.diagnostics.append(
                    .error(
                        at: workspace.templateLocation, "template `\(workspace.template)` has no parameter `\(name)`",
                        hint: Suggestion.didYouMean(name, in: known)
                            ?? "its parameters are: \(known.joined(separator: ", "))"))
            }
        } else {
            draft.diagnostics.append(
                .error(
                    at: workspace.templateLocation, "template `\(workspace.template)` does not exist on \(server)",
                    hint: Suggestion.didYouMean(workspace.template, in: live.templates.keys)
                        ?? "create it on the server, or fix the name"))
        }
        draft.creates.append(
            PlanAction(
                .createWorkspace(workspace.id, template: workspace.template, parameters: workspace.parameters),
                sources: [.init(workspace.nameLocation)], reason: "declared in git, absent on the server"))
    }

    /// An existing workspace's template and (when they were read) parameters, against git:
    /// differences are drift, reported with a warning, never applied (Atrium does not rebuild).
    func checkSettings(_ workspace: Workspace, existing: LiveState.Workspace, _ draft: inout Draft) {
        let id = workspace.id.description
        if existing.template != workspace.template {
            draft.settingDrift.append(
                SettingDrift(workspace: id, setting: "template", declared: workspace.template, live: existing.template))
            draft.diagnostics.append(
                .warning(
                    at: workspace.templateLocation,
                    "`\(workspace.id)` runs template `\(existing.template)` on the server, not `\(workspace.template)`",
                    hint: "Atrium never recreates workspaces; change the template on the server, or in git"))
        }
        guard let live = existing.parameters else { return }
        for name in workspace.parameters.keys.sorted() {
            guard let declared = workspace.parameters[name], live[name] != declared else { continue }
            draft.settingDrift.append(
                SettingDrift(workspace: id, setting: "parameter \(name)", declared: declared, live: live[name]))
            let now = live[name].map { "`\($0)`" } ?? "no value"
            draft.diagnostics.append(
                .warning(
                    at: workspace.parametersLocation ?? workspace.templateLocation,
                    "`\(workspace.id)` has \(now) for parameter `\(name)` on the server; git declares `\(declared)`",
                    hint:
                        "Atrium never rebuilds workspaces; update the workspace in Coder with the new value, "
                        + "or change git to match"
                ))
        }
    }

    /// A declared workspace's entries, with `use` for the Everyone group when it declares
    /// `link: everyone` and that is how the server shares by link (kept in subject order).
    func withLinkGrant(_ entries: [EffectiveAccess.Entry], of workspace: Workspace) -> [EffectiveAccess.Entry] {
        let everyone = Subject.group(Group.everyone)
        guard live.linkIsEveryoneGroup, workspace.link == .everyone,
            !entries.contains(where: { $0.subject == everyone })
        else {
            return entries
        }
        let source = EffectiveAccess.Source(
            role: .use, expires: nil, location: workspace.linkLocation ?? workspace.location, grantName: nil,
            selector: nil)
        return (entries + [EffectiveAccess.Entry(subject: everyone, role: .use, sources: [source])]).sorted {
            $0.subject < $1.subject
        }
    }

    /// `link:` omitted means `owner`: removing `link: everyone` from git closes the link, as
    /// diff and access say it does.
    func planLink(_ workspace: Workspace, existing: LiveState.Workspace?, _ draft: inout Draft) {
        let link = workspace.link ?? .owner
        let location = workspace.linkLocation ?? workspace.location
        guard live.capabilities.admission else {
            // On Coder, `link: everyone` is a grant to the Everyone group (`withLinkGrant`).
            if link == .everyone && !live.linkIsEveryoneGroup {
                draft.diagnostics.append(
                    .error(
                        at: location,
                        "`\(workspace.id)` declares `link: everyone`, but \(server) "
                            + "(\(live.capabilities.serverName)) has no link sharing",
                        hint:
                            "remove `link:` (on Coder, grant the organization's Everyone group `use`), or use "
                            + "a server with the `admission` extension such as `atrium serve`"
                    ))
            }
            return
        }
        let current = existing?.link ?? .owner
        if current == .everyone, link == .everyone, let url = existing?.shareURL {
            draft.shareLinks.append(ShareLink(workspace: workspace.id.description, url: url))
        }
        guard current != link else { return }
        if link == .everyone && !sharingEnabled {
            draft.diagnostics.append(
                .error(
                    at: location, "\(sharingDisabledReason), so `\(workspace.id)` cannot be shared by link",
                    hint: "use `link: owner`, or \(sharingRemedy)"))
        }
        let sources =
            workspace.linkLocation.map { [Declaration($0, key: .link(workspace: workspace.id, level: link))] } ?? []
        let reason = workspace.link == nil ? "`link:` is not declared in git, which means owner" : "declared in git"
        draft.changes.append(
            PlanAction(
                .link(workspace.id, from: current, to: link, through: .admission), sources: sources, reason: reason))
    }

    /// Snapshots are idempotent by name: one that exists is listed with its URL, not taken again.
    func planSnapshots(_ workspace: Workspace, existing: LiveState.Workspace?, _ draft: inout Draft) {
        if let first = workspace.snapshots.first, !live.capabilities.snapshots {
            draft.diagnostics.append(
                .error(
                    at: first.location,
                    "`\(workspace.id)` declares snapshots, but \(server) (\(live.capabilities.serverName)) has "
                        + "no snapshot API",
                    hint: CapabilityRules.snapshotsOnCoder))
        }
        for snapshot in workspace.snapshots {
            if let url = existing?.snapshots?[snapshot.name] {
                draft.snapshotLinks.append(
                    SnapshotLink(workspace: workspace.id.description, name: snapshot.name, url: url))
            } else {
                draft.changes.append(
                    PlanAction(
                        .snapshot(workspace.id, name: snapshot.name), sources: [.init(snapshot.location)],
                        reason: "declared in git, not taken yet"))
            }
        }
    }

    /// Governed workspaces that git no longer declares give their sharing back.
    func planReleases(_ draft: inout Draft) {
        let declared = Set(desired.workspaces.map(\.id))
        for (id, workspace) in live.workspaces.sorted(by: { $0.key < $1.key }) where !declared.contains(id) {
            guard desired.config.scope.governs(workspace, declared: declared) else { continue }
            planPortReleases(id, workspace, &draft)
            guard !workspace.users.isEmpty || !workspace.groups.isEmpty || workspace.link == .everyone else { continue }
            let count = workspace.users.count + workspace.groups.count
            draft.releases.append(
                PlanAction(
                    .release(id, closesLink: workspace.link == .everyone),
                    reason:
                        "in scope but not declared in git: clear its \(count) "
                        + "grant\(count == 1 ? "" : "s")\(workspace.link == .everyone ? " and link sharing" : "")"
                ))
        }
    }

    /// `policy.sharing`, when git sets it, is pushed to the organization's setting. Coder deletes
    /// every workspace ACL of the organization when it turns to anything but `everyone`, and never
    /// restores them: the plan says so, and the Reconciler applies it only when allowed.
    func planOrgSetting(_ draft: inout Draft) {
        guard let location = desired.config.policy.sharingLocation, let current = live.sharingSetting else { return }
        let wanted = desired.config.policy.sharing.rawValue
        guard current != wanted else { return }
        let deletes = wanted != "everyone"
        draft.creates.insert(
            PlanAction(
                .orgSetting(organization: live.organization, from: current, to: wanted),
                sources: [Declaration(location)],
                reason: deletes
                    ? "Coder deletes every workspace ACL in the organization, and never restores them"
                    : "declared in git"),
            at: 0)
        if deletes {
            draft.diagnostics.append(
                .warning(
                    at: location,
                    "setting sharing to `\(wanted)` makes \(server) delete every workspace ACL in organization "
                        + "`\(live.organization)`; they are not restored",
                    hint: "reconcile applies it only with --allow-org-setting-change"))
        }
    }
}
