import AtriumCore

/// Coder's user listing as the client reads it, in one pass (`JSONReadable`, its one codec).

/// Coder's `codersdk.User`: its id and username.
struct UserResponse {
    var id: String
    var username: String
}

extension UserResponse: JSONReadable {
    init(reading reader: inout JSONReader) throws {
        let (id, username) = try reader.idAndUsername()
        self.init(id: id, username: username)
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
