import Foundation

/// What the Group documents must satisfy without a server: each group once, each member once,
/// no members declared for the Everyone group (Coder makes every organization member one, and
/// refuses changes to it: enterprise/coderd/groups.go), and a warning for lapsed memberships.
struct GroupRules {
    let groups: [Group]
    let now: Date

    func check() -> [Diagnostic] {
        var diagnostics: [Diagnostic] = []
        var seen: [String: SourceLocation] = [:]
        for group in groups {
            if let first = seen[group.name] {
                diagnostics.append(
                    .error(
                        at: group.nameLocation, "group `\(group.name)` is declared twice (first at \(first))",
                        hint: "merge the two documents"))
                continue
            }
            seen[group.name] = group.nameLocation
            diagnostics += members(of: group)
        }
        return diagnostics
    }

    /// Each template's access declared once.
    static func templateAccess(_ declarations: [TemplateAccess]) -> [Diagnostic] {
        var seen: [String: SourceLocation] = [:]
        var diagnostics: [Diagnostic] = []
        for access in declarations {
            if let first = seen.updateValue(access.nameLocation, forKey: access.template) {
                seen[access.template] = first
                diagnostics.append(
                    .error(
                        at: access.nameLocation,
                        "the access to template `\(access.template)` is declared twice (first at \(first))",
                        hint: "merge the two documents: the declared set is the template's whole ACL"))
            }
        }
        return diagnostics
    }

    private func members(of group: Group) -> [Diagnostic] {
        guard let members = group.members else { return [] }
        if group.name == Group.everyone, let location = group.membersLocation {
            return [
                .error(
                    at: location,
                    "the Everyone group's members are every member of the organization; Coder does not let "
                        + "them be changed",
                    hint: "remove `members:`; grant the group, or declare another group for a subset")
            ]
        }
        var diagnostics: [Diagnostic] = []
        var listed: [String: SourceLocation] = [:]
        for member in members {
            if let first = listed.updateValue(member.location, forKey: member.user) {
                listed[member.user] = first
                diagnostics.append(
                    .error(
                        at: member.location,
                        "`\(member.user)` is listed twice in group `\(group.name)` (first at \(first))",
                        hint: "keep one entry"))
            }
            if let expires = member.expires, member.isExpired(at: now) {
                diagnostics.append(
                    .warning(
                        at: member.location,
                        "\(member.user)'s membership of `\(group.name)` lapsed at "
                            + "\(Timestamp.format(expires)); the next reconcile removes it",
                        hint: "remove the entry, or extend `expires`"))
            }
        }
        return diagnostics
    }
}
