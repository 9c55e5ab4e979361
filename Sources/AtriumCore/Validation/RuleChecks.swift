import Foundation

/// The SharingRules checked over the desired state: every grant on every workspace it reaches
/// (a Grant's on each workspace it selects), the people a group's grant reaches through its
/// declared members, links and port shares. Each finding names both places — the grant and the
/// rule — and a grant that breaks a rule on many workspaces is reported once, with their count.
struct RuleChecks {
    let state: DesiredState
    let book: RuleBook

    /// One finding, before it is counted over workspaces.
    private struct Finding: Hashable {
        var location: SourceLocation
        /// Where the grant is written (the finding may be at a membership it reaches through).
        var grantLocation: SourceLocation
        var violation: RuleViolation
        var subject: Subject
        var role: Role
    }

    func check() -> [Diagnostic] {
        guard !book.isEmpty else { return [] }
        var findings: [Finding: [WorkspaceID]] = [:]
        var order: [Finding] = []
        func record(_ grant: SubjectGrant, on workspace: Workspace) {
            for violation in book.violations(grant.subject, grant.role, expires: grant.expires, on: workspace) {
                let finding = Finding(
                    location: location(of: violation, grant), grantLocation: grant.location, violation: violation,
                    subject: grant.subject,
                    role: grant.role)
                if findings[finding] == nil { order.append(finding) }
                findings[finding, default: []].append(workspace.id)
            }
        }
        let labelIndex = LabelIndex(state.workspaces)
        let byID = Dictionary(state.workspaces.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        for workspace in state.workspaces {
            for grant in workspace.grants { record(grant, on: workspace) }
        }
        for grant in state.grants {
            let selected: [Workspace]
            switch grant.workspaces {
            case .selector(let labels): selected = labelIndex.positions(matching: labels).map { state.workspaces[$0] }
            case .names(let names): selected = names.compactMap { byID[$0.id] }
            }
            for workspace in selected {
                for subjectGrant in grant.grants { record(subjectGrant, on: workspace) }
            }
        }
        var diagnostics = order.map { diagnostic($0, on: findings[$0] ?? []) }
        diagnostics += linksAndPorts()
        return diagnostics
    }

    private func location(of violation: RuleViolation, _ grant: SubjectGrant) -> SourceLocation {
        switch violation.problem {
        case .notAllowed(_, let through?, _): through.location
        case .roleAbove: grant.roleLocation
        case .tooLong: grant.expiresLocation ?? grant.location
        default: grant.location
        }
    }

    private func diagnostic(_ finding: Finding, on workspaces: [WorkspaceID]) -> Diagnostic {
        let first = workspaces.first.map { "`\($0)`" } ?? "a workspace"
        let on = workspaces.count > 1 ? "\(first) (and \(workspaces.count - 1) more)" : first
        let violation = finding.violation
        let message: String
        let hint: String
        switch violation.problem {
        case .notAllowed(let reached, let through?, _):
            message =
                "\(reached), a member of group \(through.group), is reached by its `\(finding.role.rawValue)` grant "
                + "on \(on) (\(finding.subject) at \(finding.grantLocation.file):\(finding.grantLocation.line)) and "
                + "violates \(violation.reference), which \(violation.limit)"
            hint = "take \(reached.name) out of \(through.group), or the grant off the workspace"
        case .notAllowed(let reached, nil, _):
            message =
                "\(reached) may not be granted `\(finding.role.rawValue)` on \(on): it violates "
                + "\(violation.reference), which \(violation.limit)"
            hint = "grant someone the rule allows, or change the rule"
        case .roleAbove(let role, let max):
            message =
                "role `\(role.rawValue)` for \(finding.subject) on \(on) violates \(violation.reference), which "
                + "allows at most `\(max.rawValue)`"
            hint = "grant `\(max.rawValue)`"
        case .noExpiry:
            message = "the grant to \(finding.subject) on \(on) has no `expires`, which \(violation.reference) requires"
            hint = "write `{role: \(finding.role.rawValue), expires: ...}`"
        case .tooLong(let lasts, _):
            message =
                "the grant to \(finding.subject) on \(on) lasts \(RuleViolation.days(lasts)) from its commit and "
                + "violates \(violation.reference), which \(violation.limit)"
            hint = "move `expires` earlier"
        case .link:
            message =
                "a grant to the Everyone group opens \(on) to everyone: \(violation.reference) forbids link sharing"
            hint = "grant named groups or users"
        case .portLevel:
            message = "\(on): \(violation.reference) \(violation.limit)"
            hint = "share the port at a narrower level"
        }
        var diagnostic = Diagnostic.error(at: finding.location, message, hint: hint)
        diagnostic.rule = violation.rule
        return diagnostic
    }

    private func linksAndPorts() -> [Diagnostic] {
        var diagnostics: [Diagnostic] = []
        for workspace in state.workspaces {
            if workspace.link == .everyone {
                for violation in book.linkViolations(workspace) {
                    var diagnostic = Diagnostic.error(
                        at: workspace.linkLocation ?? workspace.location,
                        "`\(workspace.id)` is shared by link, which \(violation.reference) forbids",
                        hint: "use `link: owner`")
                    diagnostic.rule = violation.rule
                    diagnostics.append(diagnostic)
                }
            }
            for port in workspace.ports ?? [] {
                for violation in book.portViolations(port.port, port.level, on: workspace) {
                    var diagnostic = Diagnostic.error(
                        at: port.levelLocation,
                        "port \(port.port) of `\(workspace.id)` is shared at `\(port.level.rawValue)`: it violates "
                            + "\(violation.reference), which \(violation.limit)",
                        hint: "share it at a narrower level")
                    diagnostic.rule = violation.rule
                    diagnostics.append(diagnostic)
                }
            }
        }
        return diagnostics
    }
}

extension RuleChecks {
    /// Each rule named once, and every group it names declared (a group the repository does not
    /// declare has no members Atrium can count).
    static func documents(_ state: DesiredState) -> [Diagnostic] {
        var diagnostics: [Diagnostic] = []
        var seen: [String: SourceLocation] = [:]
        let declared = Set(state.groups.map(\.name)).union([Group.everyone])
        for rule in state.rules {
            if let first = seen.updateValue(rule.nameLocation, forKey: rule.name) {
                seen[rule.name] = first
                diagnostics.append(
                    .error(
                        at: rule.nameLocation, "SharingRule `\(rule.name)` is declared twice (first at \(first))",
                        hint: "rename one"))
            }
            var named = (rule.subjects?.groups ?? []).union(rule.allow?.groups ?? [])
            if case .ownersInGroups(let groups) = rule.workspaces { named.formUnion(groups) }
            for group in named.subtracting(declared).sorted() {
                diagnostics.append(
                    .warning(
                        at: rule.location,
                        "SharingRule `\(rule.name)` names group `\(group)`, which no Group document declares: "
                            + "its members are not counted",
                        hint: Suggestion.didYouMean(group, in: declared) ?? "declare the group with its members"))
            }
        }
        return diagnostics
    }
}
