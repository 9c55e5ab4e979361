import Foundation

/// A Grant of template access (`template: go-dev` with `users:`/`groups:` and roles) or of a
/// group membership (`join: qa` with `members: [dev-1]`), each with `expires` and `request`.
extension DocumentDecoder {
    mutating func decodeRequestedGrant(
        _ spec: NodeReader.Fields, specNode: YAMLNode, root: YAMLNode, name: String?
    ) {
        var expires: (Date, SourceLocation)?
        if let node = spec["expires"] {
            guard let date = reader.timestamp(node, "expires") else { return }
            expires = (date, node.location)
        }
        let request = spec["request"].flatMap { accessRequest($0) }
        if let node = spec["template"] {
            guard let template = reader.name(node, "template", maxLength: 64) else { return }
            if spec["members"] != nil {
                reader.error(specNode.location, "a template Grant has no `members`", hint: "give `users:` or `groups:`")
            }
            var grants: [SubjectGrant] = []
            if let users = spec["users"] {
                grants += subjectGrants(users, "users", defaultExpires: expires, makeSubject: Subject.user)
            }
            if let groups = spec["groups"] {
                grants += subjectGrants(groups, "groups", defaultExpires: expires, makeSubject: Subject.group)
            }
            guard !grants.isEmpty, let name else { return }
            state.requestedGrants.append(
                RequestedGrant(
                    name: name, target: .template(template), grants: grants, request: request,
                    location: root.location, targetLocation: node.location))
            return
        }
        guard let node = spec["join"], let group = reader.name(node, "join", maxLength: 64) else { return }
        guard spec["users"] == nil, spec["groups"] == nil, let membersNode = spec["members"] else {
            reader.error(
                specNode.location, "a membership Grant lists who joins under `members:`",
                hint: "write `members: [dev-1]`")
            return
        }
        let members = (reader.list(membersNode, "members") ?? []).compactMap { item in
            reader.name(item, "member").map { Group.Member(user: $0, expires: expires?.0, location: item.location) }
        }
        guard let name else { return }
        state.requestedGrants.append(
            RequestedGrant(
                name: name, target: .group(group), members: members, request: request, location: root.location,
                targetLocation: node.location))
    }

    /// Adds the requested template access and memberships to the declared template ACLs and
    /// groups, once every file is decoded; a request for a template or group git does not govern
    /// is an error at the request.
    public mutating func resolveRequests() {
        for requested in state.requestedGrants {
            switch requested.target {
            case .template(let template):
                guard let index = state.templateAccess.firstIndex(where: { $0.template == template }) else {
                    reader.error(
                        requested.targetLocation,
                        "the access to template `\(template)` is not declared in git, so nothing can be added to it",
                        hint: "declare a TemplateAccess document for it first")
                    continue
                }
                state.templateAccess[index].grants += requested.grants
            case .group(let group):
                guard let index = state.groups.firstIndex(where: { $0.name == group }),
                    state.groups[index].members != nil
                else {
                    reader.error(
                        requested.targetLocation,
                        "group `\(group)` is not declared in git with its members, so nobody can join it by a Grant",
                        hint: "declare the group with `members:` first")
                    continue
                }
                state.groups[index].members? += requested.members
            }
        }
    }
}
