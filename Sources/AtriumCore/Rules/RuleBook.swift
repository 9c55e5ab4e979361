public import Foundation

/// The declared SharingRules over a desired state: which rules cover a workspace, which bind a
/// grant, and how a grant, a link or a port share breaks them. Members of declared groups count
/// as their groups', both among whom a rule limits and among whom it allows, and a group's grant
/// reaches its current members.
public struct RuleBook: Sendable {
    public let rules: [SharingRule]
    /// Each declared group's current members, with where each is written.
    private let members: [String: [Group.Member]]
    /// The declared groups each user currently belongs to.
    private let groupsOf: [String: Set<String>]
    /// The instant a grant's duration is counted from: the commit that grants it.
    public let grantedAt: Date

    public init(state: DesiredState, now: Date, grantedAt: Date? = nil) {
        rules = state.rules
        var members: [String: [Group.Member]] = [:]
        var groupsOf: [String: Set<String>] = [:]
        for group in state.groups where members[group.name] == nil {
            let current = group.currentMembers(at: now)
            members[group.name] = current
            for member in current { groupsOf[member.user, default: []].insert(group.name) }
        }
        self.members = members
        self.groupsOf = groupsOf
        self.grantedAt = grantedAt ?? now
    }

    public var isEmpty: Bool { rules.isEmpty }

    /// Whether `rule` covers `workspace`.
    public func covers(_ rule: SharingRule, _ workspace: Workspace) -> Bool {
        switch rule.workspaces {
        case .all: true
        case .selector(let labels): labels.allSatisfy { workspace.labels[$0.key] == $0.value }
        case .names(let ids): ids.contains(workspace.id)
        case .ownersInGroups(let groups): !(groupsOf[workspace.owner] ?? []).isDisjoint(with: groups)
        }
    }

    /// Whether `subject` is in `set` (a user through a declared group counts).
    private func contains(_ set: SharingRule.Subjects, _ subject: Subject) -> Bool {
        switch subject {
        case .user(let user): set.users.contains(user) || !set.groups.isDisjoint(with: groupsOf[user] ?? [])
        case .group(let group): set.groups.contains(group)
        }
    }

    /// Whether `rule` limits `subject` (every subject, when it names none).
    private func limits(_ rule: SharingRule, _ subject: Subject) -> Bool {
        guard let subjects = rule.subjects else { return true }
        return contains(subjects, subject)
    }

    /// Who a grant to `subject` reaches: the subject, and a declared group's current members.
    private func reached(_ subject: Subject) -> [(subject: Subject, through: RuleViolation.Membership?)] {
        guard case .group(let group) = subject else { return [(subject, nil)] }
        let through = (members[group] ?? []).map {
            (Subject.user($0.user), Optional(RuleViolation.Membership(group: group, location: $0.location)))
        }
        return [(subject, nil)] + through
    }

    /// The rules that bind a grant to `subject` on `workspace`: those covering the workspace
    /// that limit the subject or someone the grant reaches.
    public func binding(_ subject: Subject, on workspace: Workspace) -> [SharingRule] {
        rules.filter { rule in
            covers(rule, workspace)
                && ((rule.forbidsLink && subject == .group(Group.everyone))
                    || reached(subject).contains { limits(rule, $0.subject) })
        }
    }

    /// How a grant of `role` to `subject` on `workspace`, lasting until `expires`, breaks the rules.
    public func violations(
        _ subject: Subject, _ role: Role, expires: Date?, on workspace: Workspace
    ) -> [RuleViolation] {
        var found: [RuleViolation] = []
        for rule in rules where covers(rule, workspace) {
            func add(_ problem: RuleViolation.Problem) {
                found.append(RuleViolation(rule: rule.name, ruleLocation: rule.nameLocation, problem: problem))
            }
            // The Everyone group reaches every subject the rule limits, whoever they are.
            if subject == .group(Group.everyone), rule.forbidsLink { add(.link) }
            let limited = reached(subject).filter { limits(rule, $0.subject) }
            guard !limited.isEmpty else { continue }
            if let allow = rule.allow, !contains(allow, subject) {
                for reached in limited where !contains(allow, reached.subject) {
                    add(.notAllowed(reached.subject, through: reached.through, allowed: allow))
                }
            }
            if let highest = rule.maxRole, role > highest { add(.roleAbove(role, max: highest)) }
            if rule.requireExpiry, expires == nil { add(.noExpiry) }
            if let longest = rule.maxDuration, let expires {
                let seconds = max(0, expires.timeIntervalSince(grantedAt)).rounded(.up)
                let lasts = Duration.seconds(Int64(min(seconds, Double(Int64.max / 2))))
                if lasts > longest { add(.tooLong(lasts: lasts, max: longest)) }
            }
        }
        return found
    }

    /// How sharing `workspace` by link breaks the rules.
    public func linkViolations(_ workspace: Workspace) -> [RuleViolation] {
        rules.filter { $0.forbidsLink && covers($0, workspace) }.map {
            RuleViolation(rule: $0.name, ruleLocation: $0.nameLocation, problem: .link)
        }
    }

    /// How sharing `port` of `workspace` at `level` breaks the rules.
    public func portViolations(_ port: Int, _ level: PortShareLevel, on workspace: Workspace) -> [RuleViolation] {
        rules.compactMap { rule in
            guard let max = rule.maxPortShareLevel, level > max, covers(rule, workspace) else { return nil }
            return RuleViolation(
                rule: rule.name, ruleLocation: rule.nameLocation,
                problem: .portLevel(port: port, level: level, max: max))
        }
    }
}
