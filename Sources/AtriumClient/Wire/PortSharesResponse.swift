import AtriumCore

/// `GET /workspaces/{id}/port-share` (coderd/workspaceportshare.go, codersdk.WorkspaceAgentPortShares):
/// read by `JSONReader`, as every governed workspace's shares are read on each reconcile. `shares`
/// absent or null is no shares.
struct PortSharesResponse: JSONReadable {
    var shares: [PortShareResponse]?

    init(shares: [PortShareResponse]?) { self.shares = shares }

    init(reading reader: inout JSONReader) throws {
        var shares: [PortShareResponse]?
        try reader.object { reader, key in
            guard reader.key(key, is: "shares") else { return try reader.skip() }
            if try reader.isNull() { return }
            var list: [PortShareResponse] = []
            try reader.array { list.append(try PortShareResponse(reading: &$0)) }
            shares = list
        }
        self.init(shares: shares)
    }
}

/// One share as Coder lists it, and the body of `POST /workspaces/{id}/port-share`
/// (codersdk.UpsertWorkspaceAgentPortShareRequest has the same members).
struct PortShareResponse: Encodable, JSONReadable {
    var agentName: String
    var port: Int
    var shareLevel: String
    /// Absent before Coder 2.10, when every share was http.
    var `protocol`: String?

    enum CodingKeys: String, CodingKey {
        case port
        case agentName = "agent_name"
        case shareLevel = "share_level"
        case `protocol`
    }

    init(agentName: String, port: Int, shareLevel: String, protocol: String?) {
        (self.agentName, self.port, self.shareLevel, self.protocol) = (agentName, port, shareLevel, `protocol`)
    }

    init(reading reader: inout JSONReader) throws {
        var agentName: String?
        var port: Int?
        var shareLevel: String?
        var proto: String?
        try reader.object { reader, key in
            if reader.key(key, is: "agent_name") {
                agentName = try reader.string()
            } else if reader.key(key, is: "port") {
                port = try reader.int()
            } else if reader.key(key, is: "share_level") {
                shareLevel = try reader.string()
            } else if reader.key(key, is: "protocol") {
                proto = try reader.optionalString()
            } else {
                try reader.skip()
            }
        }
        guard let agentName else { throw reader.missing("agent_name") }
        guard let port else { throw reader.missing("port") }
        guard let shareLevel else { throw reader.missing("share_level") }
        self.init(agentName: agentName, port: port, shareLevel: shareLevel, protocol: proto)
    }
}
