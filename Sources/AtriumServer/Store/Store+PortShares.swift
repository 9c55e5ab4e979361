/// Port sharing, as Coder's code keeps it (coderd/workspaceportshare.go): one row per agent's
/// port, written by an upsert, listed in port order.
extension Store {
    static func portShare(_ row: SQLRow) -> PortShareRecord {
        PortShareRecord(
            workspaceID: row.string(0), agentName: row.string(1), port: row.int(2), shareLevel: row.string(3),
            protocol: row.string(4))
    }

    static let portShareColumns = "workspace_id, agent_name, port, share_level, protocol"
    /// `portShareColumns` of a share joined as `s`.
    static let joinedShareColumns = "s.workspace_id, s.agent_name, s.port, s.share_level, s.protocol"

    package func portShares(workspaceID: String) async throws -> [PortShareRecord] {
        try await database.read { connection in
            try await connection.query(
                "SELECT \(Self.portShareColumns) FROM workspace_port_shares WHERE workspace_id = ? ORDER BY "
                    + "port, agent_name",
                [.text(workspaceID)]
            ).map(Self.portShare)
        }
    }

    /// The workspace's shares when `actor` may `use` it (else the 404 of an unknown workspace):
    /// the workspace's owner and link setting and its shares in one query, and (for anyone but
    /// its owner and site admins) one query of its ACL.
    func portShares(workspaceID: String, readableBy actor: Caller) async throws -> [PortShareRecord] {
        guard Self.isUUID(workspaceID) else { throw APIError.notFound("workspace \(workspaceID)") }
        let id = workspaceID.lowercased()
        return try await database.read { connection in
            let rows = try await connection.query(
                """
                SELECT w.owner_id, w.admission, \(Self.joinedShareColumns) FROM workspaces w \
                LEFT JOIN workspace_port_shares s ON s.workspace_id = w.id WHERE w.id = ? ORDER BY s.port, s.agent_name
                """,
                [.text(id)])
            guard let first = rows.first, try await Self.mayUse(actor, workspaceID: id, row: first, on: connection)
            else { throw APIError.notFound("workspace \(workspaceID)") }
            return rows.compactMap { row in
                // A workspace without shares is one row, its share columns NULL.
                if case .null = row.values[2] { return nil }
                return Self.portShare(SQLRow(Array(row.values[2...])))
            }
        }
    }

    /// Creates the share, or sets the level and protocol of the one there is.
    package func upsertPortShare(_ share: PortShareRecord) async throws -> PortShareRecord {
        try await database.transaction { connection in
            try await connection.execute(
                """
                INSERT INTO workspace_port_shares (\(Self.portShareColumns)) VALUES (?, ?, ?, ?, ?) \
                ON CONFLICT (workspace_id, agent_name, port) DO UPDATE SET share_level = excluded.share_level, \
                protocol = excluded.protocol
                """,
                [
                    .text(share.workspaceID), .text(share.agentName), SQLValue(share.port), .text(share.shareLevel),
                    .text(share.protocol),
                ])
            return share
        }
    }

    /// Deletes the share; false when there was none.
    package func deletePortShare(workspaceID: String, agentName: String, port: Int) async throws -> Bool {
        try await database.transaction { connection in
            let key: [SQLValue] = [.text(workspaceID), .text(agentName), SQLValue(port)]
            guard
                try await connection.first(
                    "SELECT 1 FROM workspace_port_shares WHERE workspace_id = ? AND agent_name = ? AND port = ?", key)
                    != nil
            else { return false }
            try await connection.execute(
                "DELETE FROM workspace_port_shares WHERE workspace_id = ? AND agent_name = ? AND port = ?", key)
            return true
        }
    }
}
