/// Port sharing: the declared shares against the live ones, on every governed workspace (unless
/// `prune.ports: false`, which leaves the shares of workspaces that declare no ports alone).
extension Planner {
    /// Whether the planner governs `workspace`'s port shares.
    func governsPorts(of workspace: Workspace) -> Bool {
        workspace.ports != nil || desired.config.prunesPorts
    }

    func planPorts(_ workspace: Workspace, existing: LiveState.Workspace?, _ draft: inout Draft) {
        guard governsPorts(of: workspace) else { return }
        // Not read, and nothing declared to compare with: said in `notCompared`, never an error.
        if let existing, existing.ports == nil, workspace.ports == nil { return }
        if let existing, existing.ports == nil {
            draft.diagnostics.append(
                .error(
                    at: workspace.portsLocation ?? workspace.location,
                    "the port shares of `\(workspace.id)` were not read from \(server)",
                    hint: "the server must answer GET /workspaces/{id}/port-share"))
            return
        }
        let shared = existing?.ports ?? []
        var wanted = Set<PortShare.Key>()
        for declared in workspace.ports ?? [] {
            guard let agent = agent(for: declared, of: workspace, existing: existing, &draft) else { continue }
            let share = PortShare(agent: agent, port: declared.port, level: declared.level, protocol: declared.protocol)
            wanted.insert(share.key)
            checkTemplateMaximum(share, declared, of: workspace, existing: existing, &draft)
            draft.portLinks.append(
                PortLink(workspace: workspace.id, share: share, url: live.url(of: share, on: workspace.id)))
            let current = shared.first { $0.key == share.key }
            guard current != share else { continue }
            let source = Declaration(
                declared.location, key: .port(workspace: workspace.id, port: declared.port, level: declared.level))
            draft.changes.append(
                PlanAction(
                    .sharePort(workspace.id, share, previous: current), sources: [source],
                    reason: current == nil ? "declared in git" : "declared in git at another level or protocol"))
        }
        for share in shared where !wanted.contains(share.key) {
            draft.changes.append(unsharePort(share, on: workspace.id, declaresPorts: workspace.ports != nil))
        }
    }

    /// The port shares of a governed workspace git does not declare, under `prune.ports`.
    func planPortReleases(_ id: WorkspaceID, _ workspace: LiveState.Workspace, _ draft: inout Draft) {
        guard desired.config.prunesPorts else { return }
        for share in workspace.ports ?? [] {
            draft.releases.append(unsharePort(share, on: id, declaresPorts: false))
        }
    }

    private func unsharePort(_ share: PortShare, on id: WorkspaceID, declaresPorts: Bool) -> PlanAction {
        PlanAction(
            .unsharePort(id, share),
            reason: declaresPorts
                ? "not declared in git"
                : "not declared in git; prune.ports removes the port shares git does not declare")
    }

    /// The agent a declared share is on: the one it names, or the workspace's only agent. Empty
    /// for a workspace this plan creates (its agent is known once it exists).
    private func agent(
        for declared: DeclaredPort, of workspace: Workspace, existing: LiveState.Workspace?, _ draft: inout Draft
    ) -> String? {
        guard let existing else { return declared.agent ?? "" }
        let agents = existing.agents ?? []
        if let agent = declared.agent {
            guard existing.agents == nil || agents.contains(agent) else {
                draft.diagnostics.append(
                    .error(
                        at: declared.location, "`\(workspace.id)` has no agent `\(agent)` on \(server)",
                        hint: Suggestion.didYouMean(agent, in: agents)
                            ?? (agents.isEmpty
                                ? "its latest build has no agent" : "its agents: \(agents.joined(separator: ", "))")))
                return nil
            }
            return agent
        }
        guard agents.count == 1 else {
            draft.diagnostics.append(
                .error(
                    at: declared.location,
                    agents.isEmpty
                        ? "`\(workspace.id)` has no agent on \(server) to share port \(declared.port) of"
                        : "`\(workspace.id)` has \(agents.count) agents, so port \(declared.port) must name one",
                    hint: agents.isEmpty
                        ? "build the workspace first" : "add `agent:` (one of \(agents.joined(separator: ", ")))"))
            return nil
        }
        return agents[0]
    }

    /// The server refuses a level above the template's maximum (enterprise's port sharer): found
    /// here, before the first write.
    private func checkTemplateMaximum(
        _ share: PortShare, _ declared: DeclaredPort, of workspace: Workspace, existing: LiveState.Workspace?,
        _ draft: inout Draft
    ) {
        let template = existing?.template ?? workspace.template
        guard let maximum = live.templates[template]?.maxPortShareLevel, share.level > maximum else { return }
        draft.diagnostics.append(
            .error(
                at: declared.levelLocation,
                "template `\(template)` lets ports be shared at most `\(maximum.rawValue)` on \(server), so "
                    + "port \(share.port) of `\(workspace.id)` cannot be `\(share.level.rawValue)`",
                hint: "share it at \(maximum.rawValue), or raise the template's maximum port share level in Coder"))
    }

    /// Why the plan's shared ports have no URL, if they have none.
    var portLinkNote: String? {
        guard let host = live.wildcardHost else { return nil }
        guard !host.contains("*") else { return nil }
        return
            "\(server) has no wildcard access URL, so Coder cannot serve shared ports; set "
            + "CODER_WILDCARD_ACCESS_URL (e.g. *.apps.example.com)"
    }
}
