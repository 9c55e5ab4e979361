import Foundation

/// The TemplateAccess document: `metadata.name` (the template), `spec.users` and `spec.groups`
/// as a Grant writes them (`{maria: admin}`, or `{role, expires}`).
extension DocumentDecoder {
    mutating func decodeTemplateAccess(_ root: YAMLNode, at location: SourceLocation) {
        guard
            let fields = reader.fields(
                root, "TemplateAccess", known: ["apiVersion", "kind", "metadata", "spec"],
                required: ["metadata", "spec"]),
            let metadataNode = fields["metadata"], let specNode = fields["spec"],
            let metadata = reader.fields(metadataNode, "TemplateAccess metadata", known: ["name"], required: ["name"]),
            let nameNode = metadata["name"], let name = reader.name(nameNode, "template name", maxLength: 64),
            let spec = reader.fields(
                specNode, "TemplateAccess spec", known: ["users", "groups", "approvers", "reviewers"])
        else { return }
        var grants: [SubjectGrant] = []
        if let node = spec["users"] {
            grants += subjectGrants(node, "users", defaultExpires: nil, makeSubject: Subject.user)
        }
        if let node = spec["groups"] {
            grants += subjectGrants(node, "groups", defaultExpires: nil, makeSubject: Subject.group)
        }
        var access = TemplateAccess(
            template: name, grants: grants, location: root.location, nameLocation: nameNode.location)
        access.approvers = spec["approvers"].map { approvers($0) } ?? []
        access.reviewers = spec["reviewers"].flatMap { reader.strings($0, "reviewers") } ?? []
        state.templateAccess.append(access)
    }
}
