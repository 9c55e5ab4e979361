import AtriumCore

/// Coder's user listing as the client reads it, in one pass (`JSONReadable`).

struct UserResponse: Decodable {
    var id: String
    var username: String
}

struct UsersPageResponse: Decodable {
    var users: [UserResponse]
    var count: Int
}

extension UsersPageResponse: JSONReadable {
    init(reading reader: inout JSONReader) throws {
        let (users, count) = try reader.page("users") { reader in
            let (id, username) = try reader.idAndUsername()
            return UserResponse(id: id, username: username)
        }
        self.init(users: users, count: count)
    }
}
