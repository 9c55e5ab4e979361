public import Foundation

/// Checks across documents everything that can be checked without a server: duplicates,
/// references, grants to owners, Grants that select nothing, and the policy.
public struct Validator {
    public let state: DesiredState
    public let now: Date
    /// When the revision was committed: a SharingRule's `maxDuration` counts from it.
    public let grantedAt: Date

    public init(state: DesiredState, now: Date, grantedAt: Date? = nil) {
        self.state = state
        self.now = now
        self.grantedAt = grantedAt ?? now
    }

    public func validate() -> [Diagnostic] {
        var diagnostics: [Diagnostic] = []
        diagnostics += duplicates()
        diagnostics += templateReferences()
        diagnostics += workspaceChecks()
        diagnostics += grantChecks()
        diagnostics += policyChecks()
        diagnostics += GroupRules(groups: state.groups, now: now).check()
        diagnostics += GroupRules.templateAccess(state.templateAccess)
        diagnostics += PortRules(workspaces: state.workspaces, policy: policy).check()
        diagnostics += state.onboardingWarnings(at: now)
        diagnostics += RuleChecks(state: state, book: RuleBook(state: state, now: now, grantedAt: grantedAt)).check()
        diagnostics += RuleChecks.documents(state)
        diagnostics += ReviewChecks(state: state, now: now).check()
        return diagnostics
    }

    private var policy: Config.Policy { state.config.policy }

    /// `policy.sharing: none (atrium.yaml:9:12)`: the setting that causes a finding, and where.
    private func setting(_ text: String, _ location: SourceLocation?) -> String {
        location.map { "`policy.\(text)` (\($0))" } ?? "`policy.\(text)`"
    }

    private func duplicates() -> [Diagnostic] {
        var diagnostics: [Diagnostic] = []
        var workspaces: [WorkspaceID: SourceLocation] = [:]
        for workspace in state.workspaces {
            if let first = workspaces.updateValue(workspace.nameLocation, forKey: workspace.id) {
                workspaces[workspace.id] = first
                diagnostics.append(
                    .error(
                        at: workspace.nameLocation, "workspace `\(workspace.id)` is declared twice (first at \(first))",
                        hint: "merge the two documents or rename one"))
            }
        }
        var grants: [String: SourceLocation] = [:]
        for grant in state.grants {
            if let first = grants.updateValue(grant.nameLocation, forKey: grant.name) {
                grants[grant.name] = first
                diagnostics.append(
                    .error(
                        at: grant.nameLocation, "Grant `\(grant.name)` is declared twice (first at \(first))",
                        hint: "rename one"))
            }
        }
        var templates: [String: SourceLocation] = [:]
        for template in state.factoryTemplates {
            if let first = templates.updateValue(template.nameLocation, forKey: template.name) {
                templates[template.name] = first
                diagnostics.append(
                    .error(
                        at: template.nameLocation,
                        "FactoryTemplate `\(template.name)` is declared twice (first at \(first))", hint: "rename one"))
            }
        }
        return diagnostics
    }

    /// When `atrium.yaml` lists the server's templates, every reference must name one of them.
    private func templateReferences() -> [Diagnostic] {
        guard let known = state.config.templates else { return [] }
        let declaredAt = state.config.templatesLocation.map { " (templates are listed at \($0))" } ?? ""
        let knownSet = Set(known)
        var diagnostics: [Diagnostic] = []
        func check(_ name: String, at location: SourceLocation, _ what: String) {
            guard !knownSet.contains(name) else { return }
            let hint =
                Suggestion.didYouMean(name, in: known) ?? "add it to `templates:` in atrium.yaml, or fix the name"
            diagnostics.append(
                .error(at: location, "\(what) names unknown template `\(name)`\(declaredAt)", hint: hint))
        }
        for workspace in state.workspaces {
            check(workspace.template, at: workspace.templateLocation, "workspace `\(workspace.id)`")
        }
        for template in state.factoryTemplates {
            if let (name, location) = template.serverTemplate, Placeholder.scan(name).isEmpty {
                check(name, at: location, "FactoryTemplate `\(template.name)`")
            }
        }
        if case .filter(_, let templates) = state.config.scope, let location = state.config.location {
            for name in templates { check(name, at: location, "scope") }
        }
        return diagnostics
    }

    private func workspaceChecks() -> [Diagnostic] {
        var diagnostics: [Diagnostic] = []
        for workspace in state.workspaces {
            for grant in workspace.grants where grant.subject == .user(workspace.owner) {
                diagnostics.append(
                    .error(
                        at: grant.location,
                        "`\(workspace.owner)` owns `\(workspace.id)` and cannot also be granted a role on it",
                        hint: "remove the grant; the owner always has full access"))
            }
            var snapshots: [String: SourceLocation] = [:]
            for snapshot in workspace.snapshots {
                if let first = snapshots.updateValue(snapshot.location, forKey: snapshot.name) {
                    snapshots[snapshot.name] = first
                    diagnostics.append(
                        .error(
                            at: snapshot.location, "snapshot `\(snapshot.name)` is listed twice (first at \(first))",
                            hint: "snapshot names are unique per workspace"))
                }
            }
            if workspace.snapshots.count > 10, let eleventh = workspace.snapshots.dropFirst(10).first {
                diagnostics.append(
                    .error(
                        at: eleventh.location, "`\(workspace.id)` lists \(workspace.snapshots.count) snapshots",
                        hint: "a workspace keeps at most 10; remove the oldest"))
            }
        }
        return diagnostics
    }

    private func grantChecks() -> [Diagnostic] {
        var diagnostics: [Diagnostic] = []
        let workspaces = state.workspaces
        let byID = Dictionary(
            workspaces.indices.map { (workspaces[$0].id, $0) }, uniquingKeysWith: { first, _ in first })
        let labelIndex = LabelIndex(workspaces)
        for grant in state.grants {
            // Indices, not copies: a Workspace is large and there may be 10,000 of them.
            let selected: [Int]
            switch grant.workspaces {
            case .selector(let labels):
                selected = labelIndex.positions(matching: labels)
                if selected.isEmpty {
                    let wanted = labels.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(
                        separator: ", ")
                    diagnostics.append(
                        .error(
                            at: grant.workspacesLocation,
                            "Grant `\(grant.name)` selects no workspace (no Workspace has labels \(wanted))",
                            hint: "fix the selector or the workspaces' labels"))
                }
            case .names(let names):
                var found: [Int] = []
                for (id, location) in names {
                    if let index = byID[id] {
                        found.append(index)
                    } else {
                        let hint =
                            Suggestion.didYouMean(id.description, in: byID.keys.map(\.description))
                            ?? "declare it in a Workspace document, or remove it"
                        diagnostics.append(
                            .error(
                                at: location,
                                "Grant `\(grant.name)` names `\(id)`, which no Workspace document declares", hint: hint)
                        )
                    }
                }
                if names.isEmpty {
                    diagnostics.append(
                        .error(
                            at: grant.workspacesLocation,
                            "Grant `\(grant.name)` selects no workspace (`names` is empty)",
                            hint: "list owner/name entries"))
                }
                selected = found
            }
            for subjectGrant in grant.grants {
                guard case .user(let user) = subjectGrant.subject else { continue }
                for index in selected where workspaces[index].owner == user {
                    diagnostics.append(
                        .error(
                            at: subjectGrant.location,
                            "Grant `\(grant.name)` gives `\(user)` a role on `\(workspaces[index].id)`, which "
                                + "`\(user)` owns",
                            hint: "owners always have full access; narrow the selector or drop the user"))
                }
            }
        }
        return diagnostics
    }

    private func policyChecks() -> [Diagnostic] {
        var diagnostics: [Diagnostic] = []
        for workspace in state.workspaces { diagnostics += policyChecks(workspace.grants) }
        for grant in state.grants { diagnostics += policyChecks(grant.grants) }
        for workspace in state.workspaces where workspace.link == .everyone {
            let location = workspace.linkLocation ?? workspace.location
            if !policy.sharing.allowsGrants {
                diagnostics.append(
                    .error(
                        at: location,
                        "`\(workspace.id)` cannot be shared by link: "
                            + "\(setting("sharing: \(policy.sharing.rawValue)", policy.sharingLocation)) forbids it",
                        hint: "use `link: owner`, or set `sharing: everyone`"))
            } else if policy.link == .forbidden {
                diagnostics.append(
                    .error(
                        at: location,
                        "`\(workspace.id)` cannot use `link: everyone`: "
                            + "\(setting("link: forbidden", policy.linkLocation)) forbids link sharing",
                        hint: "use `link: owner`, or set `link: allowed`"))
            }
        }
        return diagnostics
    }

    private func policyChecks(_ grants: [SubjectGrant]) -> [Diagnostic] {
        var diagnostics: [Diagnostic] = []
        for grant in grants {
            if !policy.sharing.allowsGrants {
                diagnostics.append(
                    .error(
                        at: grant.location,
                        "\(grant.subject) cannot be granted `\(grant.role.rawValue)`: "
                            + "\(setting("sharing: \(policy.sharing.rawValue)", policy.sharingLocation)) "
                            + "forbids every grant",
                        hint: "remove the grant, or set `sharing: everyone`"))
                continue
            }
            if policy.link == .forbidden, grant.subject == .group(Group.everyone) {
                diagnostics.append(
                    .error(
                        at: grant.location,
                        "a grant to the Everyone group opens the workspace to every member of the organization "
                            + "(on Coder, link sharing): \(setting("link: forbidden", policy.linkLocation)) forbids it",
                        hint: "grant named groups or users, or set `link: allowed`"))
                continue
            }
            if grant.role > policy.maxRole {
                diagnostics.append(
                    .error(
                        at: grant.roleLocation,
                        "role `\(grant.role.rawValue)` for \(grant.subject) is above "
                            + "\(setting("maxRole: \(policy.maxRole.rawValue)", policy.maxRoleLocation))",
                        hint: "grant `\(policy.maxRole.rawValue)`, or raise maxRole"))
            }
            if policy.requireExpiry, case .user = grant.subject, grant.expires == nil {
                diagnostics.append(
                    .error(
                        at: grant.location,
                        "the grant to \(grant.subject) has no `expires`, which "
                            + "\(setting("requireExpiry: true", policy.requireExpiryLocation)) demands",
                        hint: "write `{role: \(grant.role.rawValue), expires: 2026-12-31T18:00:00Z}`"))
            }
            if let expires = grant.expires, expires <= now {
                diagnostics.append(
                    .warning(
                        at: grant.expiresLocation ?? grant.location,
                        "the grant to \(grant.subject) expired at \(Timestamp.format(expires)); the next "
                            + "reconcile removes it",
                        hint: "delete it, or move `expires` later"))
            }
        }
        return diagnostics
    }
}
