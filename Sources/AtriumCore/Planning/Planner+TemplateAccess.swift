import Foundation

/// Declared template ACLs: the declared set is the template's whole ACL, the Everyone group
/// included (leave it out and its default `use` is revoked, which the plan says).
extension Planner {
    func planTemplateAccess(_ draft: inout Draft) {
        for access in desired.templateAccess {
            guard live.templates[access.template] != nil else {
                draft.diagnostics.append(
                    .error(
                        at: access.nameLocation, "template `\(access.template)` does not exist on \(server)",
                        hint: Suggestion.didYouMean(access.template, in: live.templates.keys)
                            ?? "create it on the server, or fix the name"))
                continue
            }
            let wanted = access.roles(at: now)
            let current = live.templateACLs[access.template] ?? [:]
            for (subject, declared) in wanted.sorted(by: { $0.key < $1.key }) {
                guard checkTemplateSubject(subject, at: declared.location, &draft) else { continue }
                let previous = current[subject]
                guard previous != declared.role else { continue }
                draft.changes.append(
                    PlanAction(
                        .templateGrant(template: access.template, subject, declared.role, previous: previous),
                        sources: [
                            Declaration(
                                declared.location,
                                key: .templateGrant(template: access.template, subject: subject, role: declared.role))
                        ], reason: "declared in git"))
            }
            for (subject, role) in current.sorted(by: { $0.key < $1.key }) where wanted[subject] == nil {
                let everyone = subject == .group(Group.everyone)
                draft.changes.append(
                    PlanAction(
                        .templateRevoke(template: access.template, subject, was: role),
                        reason: everyone
                            ? "not declared in git: the Everyone group's default use goes with it"
                            : "not declared in git"))
            }
        }
    }

    /// A user must exist on the server; a group too, unless git declares it (the plan creates it)
    /// or it is the Everyone group.
    private func checkTemplateSubject(_ subject: Subject, at location: SourceLocation, _ draft: inout Draft) -> Bool {
        let known: Bool
        switch subject {
        case .user(let name): known = live.users[name] != nil
        case .group(let name): known = name == Group.everyone || live.groups[name] != nil || desired.group(name) != nil
        }
        if !known {
            draft.diagnostics.append(
                .error(
                    at: location, "unknown \(subject.kind) `\(subject.name)` on \(server)",
                    hint: "create the \(subject.kind) on the server (or declare the group), or fix the name"))
        }
        return known
    }
}
