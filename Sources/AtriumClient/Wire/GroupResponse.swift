import AtriumCore

/// Coder's `codersdk.Group`, each with its members: read in one pass (`JSONReadable`, its one
/// codec); 200 groups of 50 members are 10,000 entries.
struct GroupResponse {
    struct Member {
        var id: String
        var username: String
    }

    var id: String
    var name: String
    var displayName: String?
    /// Coder lists each group's members with it (one request per page of groups).
    var members: [Member]?
    /// `user`, or `oidc` for a group the identity provider manages.
    var source: String?
}

/// The listing (`GET /organizations/{organization}/groups`, `GET /groups`): a JSON array of groups.
struct GroupListResponse {
    var groups: [GroupResponse]
}

extension GroupListResponse: JSONReadable {
    init(reading reader: inout JSONReader) throws {
        var groups: [GroupResponse] = []
        try reader.array { groups.append(try GroupResponse(reading: &$0)) }
        self.init(groups: groups)
    }
}

extension GroupResponse: JSONReadable {
    init(reading reader: inout JSONReader) throws {
        var id: String?
        var name: String?
        var displayName: String?
        var members: [Member]?
        var source: String?
        try reader.object { reader, key in
            if reader.key(key, is: "id") {
                id = try reader.string()
            } else if reader.key(key, is: "name") {
                name = try reader.string()
            } else if reader.key(key, is: "display_name") {
                displayName = try reader.optionalString()
            } else if reader.key(key, is: "source") {
                source = try reader.optionalString()
            } else if reader.key(key, is: "members") {
                members = try Self.members(&reader)
            } else {
                try reader.skip()
            }
        }
        guard let id, let name else { throw reader.missing("id and name") }
        self.init(id: id, name: name, displayName: displayName, members: members, source: source)
    }

    private static func members(_ reader: inout JSONReader) throws -> [Member]? {
        if try reader.isNull() { return nil }
        var members: [Member] = []
        try reader.array { reader in
            let (id, username) = try reader.idAndUsername()
            members.append(Member(id: id, username: username))
        }
        return members
    }
}
