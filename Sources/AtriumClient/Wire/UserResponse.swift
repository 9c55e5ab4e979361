import AtriumCore

/// Coder's user listing as the client reads it, in one pass (`JSONReadable`, its one codec).

/// Coder's `codersdk.User`: its id, username and status (`active`, `dormant`, `suspended`).
struct UserResponse {
    var id: String
    var username: String
    var status: String?
}

extension UserResponse: JSONReadable {
    init(reading reader: inout JSONReader) throws {
        var id: String?
        var username: String?
        var status: String?
        try reader.object { reader, key in
            if reader.key(key, is: "id") {
                id = try reader.string()
            } else if reader.key(key, is: "username") {
                username = try reader.string()
            } else if reader.key(key, is: "status") {
                status = try reader.string()
            } else {
                try reader.skip()
            }
        }
        guard let id, let username else { throw reader.missing("id and username") }
        self.init(id: id, username: username, status: status)
    }
}

/// Coder's `codersdk.GetUsersResponse`.
struct UsersPageResponse {
    var users: [UserResponse]
    var count: Int
}

extension UsersPageResponse: JSONReadable {
    init(reading reader: inout JSONReader) throws {
        let (users, count) = try reader.page("users") { try UserResponse(reading: &$0) }
        self.init(users: users, count: count)
    }
}
