import Foundation

/// The Group document: `metadata.name`, and `spec.displayName` and `spec.members` (names, or
/// `{user, expires}`).
extension DocumentDecoder {
    mutating func decodeGroup(_ root: YAMLNode, at location: SourceLocation) {
        guard
            let fields = reader.fields(
                root, "Group", known: ["apiVersion", "kind", "metadata", "spec"], required: ["metadata"]),
            let metadataNode = fields["metadata"],
            let metadata = reader.fields(metadataNode, "Group metadata", known: ["name"], required: ["name"]),
            let nameNode = metadata["name"], let name = reader.name(nameNode, "Group name", maxLength: 64)
        else { return }
        var group = Group(name: name, members: nil, location: root.location, nameLocation: nameNode.location)
        if let specNode = fields["spec"],
            let spec = reader.fields(
                specNode, "Group spec", known: ["displayName", "members", "approvers", "reviewers"])
        {
            if let node = spec["displayName"] { group.displayName = reader.string(node, "displayName") }
            if let node = spec["approvers"] { group.approvers = approvers(node) }
            if let node = spec["reviewers"] { group.reviewers = reader.strings(node, "reviewers") ?? [] }
            if let node = spec["members"], let items = reader.list(node, "members") {
                group.members = items.compactMap { member($0) }
                group.membersLocation = node.location
            }
        }
        state.groups.append(group)
    }

    /// `maria`, or `{user: jonas, expires: 2027-01-31}`.
    private mutating func member(_ node: YAMLNode) -> Group.Member? {
        if case .scalar = node.content {
            return reader.name(node, "member").map { Group.Member(user: $0, location: node.location) }
        }
        guard let fields = reader.fields(node, "member", known: ["user", "expires"], required: ["user"]),
            let userNode = fields["user"], let user = reader.name(userNode, "member")
        else { return nil }
        var expires: Date?
        if let expiresNode = fields["expires"] {
            guard let date = reader.timestamp(expiresNode, "expires") else { return nil }
            expires = date
        }
        return Group.Member(user: user, expires: expires, location: userNode.location)
    }
}
