/// Port sharing, as Coder's code keeps it (coderd/workspaceportshare.go): one row per agent's
/// port, written by an upsert, listed in port order.
extension Store {
    static func portShare(_ row: SQLRow) -> PortShareRecord {
        PortShareRecord(
            workspaceID: row.string(0), agentName: row.string(1), port: row.int(2), shareLevel: row.string(3),
            protocol: row.string(4))
    }

    static let portShareColumns = "workspace_id, agent_name, port, share_level, protocol"

    package func portShares(workspaceID: String) async throws -> [PortShareRecord] {
        try await database.read { connection in try await Self.portShares(workspaceID: workspaceID, on: connection) }
    }

    /// The workspace's shares when `actor` may `use` it (else the 404 of an unknown workspace),
    /// checked and read in one read of the database.
    func portShares(workspaceID: String, readableBy actor: Caller) async throws -> [PortShareRecord] {
        try await database.read { connection in
            _ = try await Self.access(toWorkspace: workspaceID, by: actor, least: .use, on: connection)
            return try await Self.portShares(workspaceID: workspaceID.lowercased(), on: connection)
        }
    }

    static func portShares(workspaceID: String, on connection: any SQLConnection) async throws -> [PortShareRecord] {
        try await connection.query(
            "SELECT \(portShareColumns) FROM workspace_port_shares WHERE workspace_id = ? ORDER BY port, agent_name",
            [.text(workspaceID)]
        ).map(portShare)
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
