import AtriumTestSupport
import Foundation
import Testing

/// Two `atrium serve` replicas on one PostgreSQL, as teams that outgrow one machine run them.
@Suite(.enabled(if: ServedServer.Backend.available.contains(.postgres), "needs scripts/with-postgres.sh"))
struct ServeReplicasTests {
    static let seed = """
        apiVersion: atrium/v1
        kind: Seed
        users:
          - {username: alice}
          - {username: bob}
        \((0..<40).map { "  - {username: member\($0)}" }.joined(separator: "\n"))
        templates:
          - {name: go-dev}
        workspaces:
          - {owner: alice, name: api, template: go-dev}
        """

    /// ACL patches through both replicas at once, by the owner and by a grantee with `admin`:
    /// both replicas serve, every patch lands, and both read back the union of them all.
    @Test func concurrentPatchesThroughBothReplicasKeepTheUnion() async throws {
        try await ServedServer.with(.postgres, seed: Self.seed) { first in
            try await first.replica { second in
                let replicas = [first, second]
                let workspace = try #require(
                    try await first.request("GET", "/users/alice/workspace/api").object["id"] as? String)
                let alice = try await first.user("alice")
                let bob = try await second.user("bob")
                #expect(
                    try await second.request(
                        "PATCH", "/workspaces/\(workspace)/acl", token: alice.token,
                        body: ["user_roles": [bob.id: "admin"]]
                    ).status == 204)
                var members: [String] = []
                for index in 0..<40 {
                    members.append(
                        try #require(
                            try await replicas[index % 2].request("GET", "/users/member\(index)").object["id"]
                                as? String))
                }
                let statuses = try await withThrowingTaskGroup(of: Int.self) { group in
                    for (index, member) in members.enumerated() {
                        // Even members by the owner with alternating roles; odd ones by the grantee, who
                        // may give `use` only.
                        let (token, role) =
                            index.isMultiple(of: 2)
                            ? (alice.token, index.isMultiple(of: 4) ? "admin" : "use") : (bob.token, "use")
                        let replica = replicas[(index / 2) % 2]
                        group.addTask {
                            try await replica.request(
                                "PATCH", "/workspaces/\(workspace)/acl", token: token,
                                body: ["user_roles": [member: role]]
                            ).status
                        }
                        group.addTask { try await replica.request("GET", "/workspaces/\(workspace)/acl").status }
                    }
                    var all: [Int] = []
                    for try await status in group { all.append(status) }
                    return all
                }
                #expect(statuses.filter { $0 == 204 }.count == 40, "\(statuses.filter { $0 != 204 && $0 != 200 })")
                #expect(statuses.filter { $0 == 200 }.count == 40)
                for replica in replicas {
                    let users = try #require(
                        try await replica.request("GET", "/workspaces/\(workspace)/acl").object["users"]
                            as? [[String: Any]])
                    var roles: [String: String] = [:]
                    for user in users { roles[user["username"] as? String ?? ""] = user["role"] as? String }
                    #expect(roles.count == 41, "bob and the 40 members, read through \(replica.baseURL)")
                    for index in 0..<40 {
                        #expect(
                            roles["member\(index)"] == (index.isMultiple(of: 4) ? "admin" : "use"),
                            "member\(index) through \(replica.baseURL)")
                    }
                    #expect(roles["bob"] == "admin")
                    #expect(
                        replica.process.stderr.components(separatedBy: "PATCH /api/v2/workspaces/\(workspace)/acl 204")
                            .count - 1 >= 20, "both replicas served patches")
                }
            }
        }
    }
}
