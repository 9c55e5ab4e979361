import HTTPTypes

/// A patch's entries as sent, checked for form only: UUID keys (lowercased), known roles.
struct ACLEntries {
    var groups: [(id: String, role: String)] = []
    var users: [(id: String, role: String)] = []
    var validations: [APIError.Validation] = []

    init(userRoles: [String: String], groupRoles: [String: String]) {
        groups = wellFormed(groupRoles, field: "group_roles")
        users = wellFormed(userRoles, field: "user_roles")
    }

    private mutating func wellFormed(_ entries: [String: String], field: String) -> [(id: String, role: String)] {
        entries.sorted { $0.key < $1.key }.compactMap { key, role in
            if !["use", "admin", ""].contains(role) {
                validations.append(
                    .init(field: field, detail: "role \"\(role)\" is not one of \"use\", \"admin\" or \"\""))
            }
            guard Store.isUUID(key) else {
                validations.append(.init(field: field, detail: "\(key) is not a valid UUID."))
                return nil
            }
            return (key.lowercased(), role)
        }
    }

    /// The change, given which of the ids name an existing group or user; throws Coder's 400
    /// listing every problem.
    func change(knownGroups: Set<String>, knownUsers: Set<String>, ownerID: String) throws -> ACLChange {
        var validations = validations
        var change = ACLChange()
        for (id, role) in groups {
            if knownGroups.contains(id) {
                change.groups.append((id, role))
            } else if !role.isEmpty {
                validations.append(.init(field: "group_roles", detail: "group with ID \(id) does not exist"))
            }
        }
        for (id, role) in users {
            if !knownUsers.contains(id) {
                if !role.isEmpty {
                    validations.append(.init(field: "user_roles", detail: "user with ID \(id) does not exist"))
                }
            } else if id == ownerID {
                validations.append(
                    .init(
                        field: "user_roles",
                        detail: "the workspace's owner has every role already; it cannot be changed"))
            } else {
                change.users.append((id, role))
            }
        }
        if !validations.isEmpty {
            throw APIError(.badRequest, "Invalid request to update workspace ACL", validations: validations)
        }
        return change
    }
}
