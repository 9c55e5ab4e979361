public import Foundation

/// A `TemplateAccess` document: who may use (create workspaces from) or administer one of the
/// server's templates. The declared set is the template's whole ACL, the Everyone group
/// included: an onboarding link for a template the person may not use is a dead link.
public struct TemplateAccess: Sendable {
    /// The Coder template's name.
    public var template: String
    /// Users and groups with `use` or `admin`, each possibly with `expires`.
    public var grants: [SubjectGrant]
    public var location: SourceLocation
    /// Who approves changes to the template's ACL (`atrium codeowners`).
    public var approvers: [String] = []
    /// Who reviews its ACL in review campaigns (default: its approvers).
    public var reviewers: [String] = []
    public var nameLocation: SourceLocation

    public init(template: String, grants: [SubjectGrant], location: SourceLocation, nameLocation: SourceLocation? = nil)
    {
        self.template = template
        self.grants = grants
        self.location = location
        self.nameLocation = nameLocation ?? location
    }

    /// Each subject's highest role among the grants that have not expired at `now`, with the
    /// first declaration giving it.
    public func roles(at now: Date) -> [Subject: (role: Role, location: SourceLocation)] {
        var result: [Subject: (role: Role, location: SourceLocation)] = [:]
        for grant in grants where !grant.isExpired(at: now) {
            if let current = result[grant.subject], current.role >= grant.role { continue }
            result[grant.subject] = (grant.role, grant.location)
        }
        return result
    }
}

extension DesiredState {
    /// Whether `user` may use the Coder template `template`, as far as git can know: `nil` when
    /// git declares no access for it (the server's ACL decides), else whether a user grant, the
    /// Everyone group, or a declared group the user is a member of gives `use` or `admin`.
    public func mayUse(template: String, user: String, at now: Date) -> Bool? {
        guard let access = templateAccess.first(where: { $0.template == template }) else { return nil }
        let roles = access.roles(at: now)
        if roles[.user(user)] != nil || roles[.group(Group.everyone)] != nil { return true }
        return memberships(of: user, at: now).contains { roles[.group($0.group)] != nil }
    }

    /// For an onboarding link rendered for `user`: a warning when git's declared access to the
    /// link's Coder template leaves them out, so that nobody is handed a dead link.
    public func onboardingWarning(for template: FactoryTemplate, user: String, at now: Date) -> Diagnostic? {
        guard template.dialect == .coder, let server = template.serverTemplate,
            mayUse(template: server.name, user: user, at: now) == false
        else { return nil }
        let declared = templateAccess.first { $0.template == server.name }?.nameLocation
        return .warning(
            at: server.location,
            "\(user) may not use template "
                + "`\(server.name)`\(declared.map { " (its access is declared at \($0))" } ?? ""), so the link "
                + "`\(template.name)` would not work for them",
            hint: "grant them `use` in the TemplateAccess, or a group they belong to")
    }
}

extension DesiredState {
    /// What `validate` can say of onboarding links without knowing who they are for: a Coder
    /// FactoryTemplate whose template's declared access leaves out the Everyone group works only
    /// for the people it names (checked for the `user` input's default, when it has one).
    public func onboardingWarnings(at now: Date) -> [Diagnostic] {
        factoryTemplates.compactMap { template in
            guard template.dialect == .coder, let server = template.serverTemplate,
                let access = templateAccess.first(where: { $0.template == server.name })
            else { return nil }
            if let user = template.inputs.first(where: { $0.name == "user" })?.defaultValue {
                return onboardingWarning(for: template, user: user, at: now)
            }
            let roles = access.roles(at: now)
            guard roles[.group(Group.everyone)] == nil else { return nil }
            let named = roles.keys.sorted().map(\.description)
            let who = named.isEmpty ? "nobody" : "only \(named.joined(separator: ", "))"
            return .warning(
                at: server.location,
                "the links of FactoryTemplate `\(template.name)` open template `\(server.name)`, which \(who) "
                    + "may use (its access is declared at \(access.nameLocation)): anyone else gets a link "
                    + "that does not work",
                hint:
                    "check each person with `atrium factory \(template.name) --set user=NAME`, or grant the "
                    + "Everyone group `use` in the TemplateAccess"
            )
        }
    }
}
