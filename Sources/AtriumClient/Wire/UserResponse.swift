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
            var id: String?
            var username: String?
            try reader.object { reader, key in
                if reader.key(key, is: "id") {
                    id = try reader.string()
                } else if reader.key(key, is: "username") {
                    username = try reader.string()
                } else {
                    try reader.skip()
                }
            }
            guard let id, let username else { throw reader.missing("id and username") }
            return UserResponse(id: id, username: username)
        }
        self.init(users: users, count: count)
    }
}
