extension Store {
    /// Sets a user's status and returns the user; tokens cached for them are dropped, so that a
    /// suspension holds from the next request.
    package func setStatus(_ status: String, userID: String) async throws -> UserRecord {
        let user = try await database.transaction { connection in
            try await connection.execute(
                "UPDATE users SET status = ?, updated_at = ? WHERE id = ?",
                [.text(status), .text(ServerClock.now()), .text(userID)])
            return try await Self.user(userID, on: connection)
        }
        forgetTokens()
        guard let user else { throw APIError.notFound("user \(userID)") }
        return user
    }
}
