import Foundation
import Testing

@Suite struct SharingTests {
    /// alice owns `api`; bob, carol and dave are other users; qa is a group holding erin.
    struct World {
        var server: TestServer
        var workspace: String
        var alice: (id: String, token: String)
        var bob: (id: String, token: String)
        var carol: (id: String, token: String)
        var dave: (id: String, token: String)
        var erin: (id: String, token: String)
        var qa: String
    }

    func world(_ server: TestServer) async throws -> World {
        let alice = try await server.user("alice")
        let bob = try await server.user("bob")
        let carol = try await server.user("carol")
        let dave = try await server.user("dave")
        let erin = try await server.user("erin")
        let qa = try await server.group("qa", members: [erin.id])
        let templateID = try #require(try await server.template("go-dev")["id"] as? String)
        let workspace = try await server.workspace("api", owner: "alice", templateID: templateID)
        return World(
            server: server, workspace: workspace, alice: alice, bob: bob, carol: carol, dave: dave, erin: erin, qa: qa)
    }

    func patch(_ world: World, as token: String, users: [String: String] = [:], groups: [String: String] = [:])
        async throws -> TestServer.Reply
    {
        try await world.server.request(
            .PATCH, "/workspaces/\(world.workspace)/acl", token: token,
            body: ["user_roles": users, "group_roles": groups])
    }

    func acl(_ world: World) async throws -> [String: String] {
        let reply = try await world.server.get("/workspaces/\(world.workspace)/acl")
        var result: [String: String] = [:]
        for user in (reply.object["users"] as? [[String: Any]]) ?? [] {
            result["user:\(user["username"] as? String ?? "")"] = user["role"] as? String
        }
        for group in (reply.object["group"] as? [[String: Any]]) ?? [] {
            result["group:\(group["name"] as? String ?? "")"] = group["role"] as? String
        }
        return result
    }

    @Test(arguments: Backend.available)
    func patchesMergeAndTheACLHasCodersShape(backend: Backend) async throws {
        try await withServer(backend) { server in
            let w = try await world(server)
            #expect(
                try await patch(w, as: w.alice.token, users: [w.bob.id: "use"], groups: [w.qa: "admin"]).status == 204)
            #expect(try await patch(w, as: w.alice.token, users: [w.carol.id: "admin"]).status == 204)
            #expect(try await acl(w) == ["user:bob": "use", "user:carol": "admin", "group:qa": "admin"])

            let raw = try await server.get("/workspaces/\(w.workspace)/acl")
            #expect(Set(raw.object.keys) == ["users", "group"], "Coder's key really is `group`")
            let group = try #require((raw.object["group"] as? [[String: Any]])?.first)
            #expect((group["members"] as? [[String: Any]])?.first?["username"] as? String == "erin")

            #expect(try await patch(w, as: w.alice.token, users: [w.bob.id: "admin", w.carol.id: ""]).status == 204)
            #expect(try await acl(w) == ["user:bob": "admin", "group:qa": "admin"])

            let shared = try await server.get("/workspaces/\(w.workspace)")
            let actors = (shared.object["shared_with"] as? [[String: Any]]) ?? []
            // As Coder (TestWorkspacesSharedWith/ContainsActorsWithFullData): a user actor's name is
            // the display name, "" when unset; actors are identified by id.
            #expect(
                actors.map {
                    "\($0["actor_type"] as? String ?? ""):\($0["name"] as? String ?? ""):"
                        + "\(($0["roles"] as? [String])?.first ?? "")"
                } == ["user::admin", "group:qa:admin"])
            #expect(actors.map { $0["id"] as? String } == [w.bob.id, w.qa])

            #expect(
                try await server.request(.DELETE, "/workspaces/\(w.workspace)/acl", token: w.alice.token).status == 204)
            #expect(try await acl(w).isEmpty)
        }
    }

    /// Grants are listed in one order on both backends: users by username, groups by name,
    /// compared byte by byte (a PostgreSQL collation would put `bob1` before `bob-2`), in the
    /// ACL, the workspace and the listing alike.
    @Test(arguments: Backend.available)
    func grantsAreListedInByteOrderOnEveryBackend(backend: Backend) async throws {
        try await withServer(backend) { server in
            let w = try await world(server)
            let names = ["bobb", "bob1", "bob-2", "bob-10"]
            var ids: [String: String] = [:]
            for name in names { ids[name] = try await server.user(name).id }
            var groups: [String: String] = [:]
            for name in ["qa1", "qa-2"] { groups[try await server.group(name, members: [])] = "use" }
            let users = Dictionary(uniqueKeysWithValues: ids.values.map { ($0, "use") })
            #expect(try await patch(w, as: w.alice.token, users: users, groups: groups).status == 204)
            let byteOrder = names.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
            #expect(byteOrder == ["bob-10", "bob-2", "bob1", "bobb"])
            let acl = try await server.get("/workspaces/\(w.workspace)/acl").object
            #expect((acl["users"] as? [[String: Any]])?.map { $0["username"] as? String ?? "" } == byteOrder)
            #expect((acl["group"] as? [[String: Any]])?.map { $0["name"] as? String ?? "" } == ["qa-2", "qa1"])
            let single =
                (try await server.get("/workspaces/\(w.workspace)").object["shared_with"] as? [[String: Any]]) ?? []
            let page = try await server.get("/workspaces?q=owner:alice").object["workspaces"] as? [[String: Any]]
            let listing = (page?.first?["shared_with"] as? [[String: Any]]) ?? []
            for actors in [single, listing] {
                #expect(actors.count == 6)
                #expect(actors.prefix(4).map { $0["id"] as? String ?? "" } == byteOrder.map { ids[$0] ?? "" })
                #expect(actors.suffix(2).map { $0["name"] as? String } == ["qa-2", "qa1"])
            }
        }
    }

    @Test(arguments: Backend.available)
    func invalidPatchesAre400AndChangeNothing(backend: Backend) async throws {
        try await withServer(backend) { server in
            let w = try await world(server)
            let cases: [([String: String], [String: String], String)] = [
                (["not-a-uuid": "use"], [:], "user_roles"),
                ([UUID().uuidString: "use"], [:], "user_roles"),
                ([w.bob.id: "owner"], [:], "user_roles"),
                ([:], [UUID().uuidString: "use"], "group_roles"),
                ([:], [w.bob.id: "use"], "group_roles"),
            ]
            for (users, groups, field) in cases {
                let reply = try await patch(
                    w, as: w.alice.token, users: users.merging([w.carol.id: "use"]) { a, _ in a }, groups: groups)
                #expect(reply.status == 400, "\(users) \(groups)")
                #expect(reply.validationFields.contains(field))
            }
            #expect(try await acl(w).isEmpty, "a rejected patch applies nothing, not even its valid part")
            // The caller's own id (TestUpdateWorkspaceACL/CannotChangeOwnRole): 400 with Coder's message.
            let own = try await patch(w, as: w.alice.token, users: [w.alice.id: "use"])
            #expect(own.status == 400)
            #expect(own.object["message"] as? String == "You cannot change your own workspace sharing role.")
            let unknownField = try await server.request(
                .PATCH, "/workspaces/\(w.workspace)/acl", token: w.alice.token,
                body: ["user_roles": [w.bob.id: "use"], "roles": [:] as [String: String]])
            #expect(unknownField.status == 400)
            #expect(unknownField.validationFields == ["roles"])
            let wrongType = try await server.request(
                .PATCH, "/workspaces/\(w.workspace)/acl", token: w.alice.token, body: ["user_roles": [w.bob.id: 1]])
            #expect(wrongType.status == 400)
            #expect(try await acl(w).isEmpty)
        }
    }

    /// One owner's patch granting, changing and removing users and groups at once, ids in any
    /// case, removals of ids that name nobody: what the one-statement write on PostgreSQL and the
    /// transaction on SQLite both do. The workspace is marked updated.
    @Test(arguments: Backend.available)
    func onePatchGrantsChangesAndRemoves(backend: Backend) async throws {
        try await withServer(backend) { server in
            let w = try await world(server)
            #expect(
                try await patch(
                    w, as: w.alice.token, users: [w.bob.id: "use", w.carol.id: "use"], groups: [w.qa: "use"]
                ).status == 204)
            let before = try #require(
                try await server.get("/workspaces/\(w.workspace)").object["updated_at"] as? String)
            try await Task.sleep(for: .milliseconds(5))
            let mixed = try await patch(
                w, as: w.alice.token,
                users: [w.bob.id.uppercased(): "admin", w.carol.id: "", w.dave.id: "use", UUID().uuidString: ""],
                groups: [w.qa: "", UUID().uuidString: ""])
            #expect(mixed.status == 204)
            #expect(try await acl(w) == ["user:bob": "admin", "user:dave": "use"])
            let after = try #require(try await server.get("/workspaces/\(w.workspace)").object["updated_at"] as? String)
            #expect(after > before)
            // A grant to nobody fails the whole patch, the other entries included.
            let refused = try await patch(
                w, as: w.alice.token, users: [w.erin.id: "use", w.dave.id: ""], groups: [UUID().uuidString: "admin"])
            #expect(refused.status == 400)
            #expect(refused.validationFields == ["group_roles"])
            #expect(try await acl(w) == ["user:bob": "admin", "user:dave": "use"])
            // The site admin's patch takes the same path; an unknown workspace is 404.
            #expect(try await patch(w, as: server.adminToken, users: [w.erin.id: "use"]).status == 204)
            #expect(try await acl(w) == ["user:bob": "admin", "user:dave": "use", "user:erin": "use"])
            let missing = try await server.request(
                .PATCH, "/workspaces/\(UUID().uuidString)/acl", token: w.alice.token,
                body: ["user_roles": [w.bob.id: "use"]])
            #expect(missing.status == 404)
        }
    }

    @Test(arguments: Backend.available)
    func whoMayShare(backend: Backend) async throws {
        try await withServer(backend) { server in
            let w = try await world(server)
            #expect(try await patch(w, as: w.alice.token, users: [w.bob.id: "admin", w.carol.id: "use"]).status == 204)
            // bob (admin) holds `share` as the owner does: he grants `admin`, removes grants, gives
            // groups either role; never his own entry.
            #expect(try await patch(w, as: w.bob.token, users: [w.dave.id: "use"]).status == 204)
            #expect(try await patch(w, as: w.bob.token, users: [w.dave.id: "admin"]).status == 204)
            #expect(try await patch(w, as: w.bob.token, users: [w.dave.id: ""]).status == 204)
            #expect(try await patch(w, as: w.bob.token, users: [w.dave.id: "use"]).status == 204)
            #expect(try await patch(w, as: w.bob.token, groups: [w.qa: "admin"]).status == 204)
            #expect(try await patch(w, as: w.bob.token, groups: [w.qa: "use"]).status == 204)
            let own = try await patch(w, as: w.bob.token, users: [w.bob.id: ""])
            #expect(own.status == 400)
            #expect(own.object["message"] as? String == "You cannot change your own workspace sharing role.")
            // carol (use) may not share at all.
            let carol = try await patch(w, as: w.carol.token, users: [w.erin.id: "use"])
            #expect(carol.status == 403)
            #expect(carol.object["message"] as? String == "Forbidden.")
            // A stranger cannot even see the workspace.
            let stranger = try await server.user("mallory")
            #expect(try await patch(w, as: stranger.token, users: [stranger.id: "admin"]).status == 404)
            #expect(
                try await server.request(.DELETE, "/workspaces/\(w.workspace)/acl", token: w.carol.token).status == 403)
            // A site admin may do anything but give the owner a role, its own entry included (its
            // `share` comes from its role, not from the workspace).
            #expect(try await patch(w, as: server.adminToken, users: [w.carol.id: "admin"]).status == 204)
            #expect(try await patch(w, as: server.adminToken, users: [w.alice.id: "use"]).status == 400)
            let adminID = try #require(try await server.get("/users/me", as: server.adminToken).object["id"] as? String)
            #expect(try await patch(w, as: server.adminToken, users: [adminID: "use"]).status == 204)
            #expect(try await patch(w, as: server.adminToken, users: [adminID: ""]).status == 204)
            // Group membership counts: erin is in qa, which now has `use`.
            #expect(try await server.get("/workspaces/\(w.workspace)", as: w.erin.token).status == 200)
            #expect(try await patch(w, as: w.erin.token, users: [stranger.id: "use"]).status == 403)
            #expect(
                try await acl(w) == ["user:bob": "admin", "user:carol": "admin", "user:dave": "use", "group:qa": "use"])
            // Reading the ACL: whoever may see the workspace (a grantee through a group too), 404 otherwise.
            #expect(try await server.get("/workspaces/\(w.workspace)/acl", as: w.erin.token).status == 200)
            #expect(try await server.get("/workspaces/\(w.workspace)/acl", as: w.dave.token).status == 200)
            #expect(try await server.get("/workspaces/\(w.workspace)/acl", as: stranger.token).status == 404)
            #expect(try await server.get("/workspaces/not-a-uuid/acl", as: w.alice.token).status == 404)
            #expect(try await server.get("/workspaces/\(UUID().uuidString)/acl", as: w.alice.token).status == 404)
            // bob (admin) may clear the ACL as the owner may.
            #expect(
                try await server.request(.DELETE, "/workspaces/\(w.workspace)/acl", token: w.bob.token).status == 204)
            #expect(try await acl(w).isEmpty)
        }
    }

    @Test(arguments: Backend.available)
    func organizationPolicyDisablesSharing(backend: Backend) async throws {
        try await withServer(backend) { server in
            let w = try await world(server)
            #expect(
                try await patch(w, as: w.alice.token, users: [w.bob.id: "use"], groups: [w.qa: "use"]).status == 204)
            _ = try await server.request(
                .PUT, "/workspaces/\(w.workspace)/admission", token: w.alice.token, body: ["level": "everyone"])
            let settings = "/organizations/default/settings/workspace-sharing"
            #expect(try await server.get(settings).object["shareable_workspace_owners"] as? String == "everyone")
            #expect(
                try await server.request(
                    .PATCH, settings, token: w.alice.token, body: ["shareable_workspace_owners": "none"]
                ).status == 403)
            #expect(
                try await server.request(
                    .PATCH, settings, token: server.adminToken, body: ["shareable_workspace_owners": "some"]
                ).status == 400)
            let off = try await server.request(
                .PATCH, settings, token: server.adminToken, body: ["shareable_workspace_owners": "none"])
            #expect(off.status == 200)
            #expect(off.object["shareable_workspace_owners"] as? String == "none")
            #expect(try await acl(w).isEmpty, "switching to none deletes the organization's ACLs")
            #expect(try await server.get("/workspaces/\(w.workspace)").object["admission"] as? String == "owner")
            let refused = try await patch(w, as: w.alice.token, users: [w.bob.id: "use"])
            #expect(refused.status == 403)
            #expect(try await patch(w, as: server.adminToken, users: [w.bob.id: "use"]).status == 403)
            #expect(
                try await server.request(
                    .PUT, "/workspaces/\(w.workspace)/admission", token: w.alice.token, body: ["level": "everyone"]
                ).status == 403)
            _ = try await server.request(
                .PATCH, settings, token: server.adminToken, body: ["shareable_workspace_owners": "everyone"])
            #expect(try await patch(w, as: w.alice.token, users: [w.bob.id: "use"]).status == 204)
        }
    }

    @Test(arguments: Backend.available)
    func linkSharing(backend: Backend) async throws {
        try await withServer(backend) { server in
            let w = try await world(server)
            let stranger = try await server.user("mallory")
            #expect(try await server.get("/workspaces/\(w.workspace)", as: stranger.token).status == 404)
            let opened = try await server.request(
                .PUT, "/workspaces/\(w.workspace)/admission", token: w.alice.token, body: ["level": "everyone"])
            #expect(opened.status == 200)
            #expect(opened.object["admission"] as? String == "everyone")
            #expect(opened.object["share_url"] as? String == "\(TestServer.baseURL)/@alice/api")
            #expect(
                try await server.get("/workspaces/\(w.workspace)", as: stranger.token).status == 200,
                "anyone with the URL and an account")
            #expect(try await patch(w, as: stranger.token, users: [stranger.id: "use"]).status == 403)
            #expect(
                try await server.request(
                    .PUT, "/workspaces/\(w.workspace)/admission", token: stranger.token, body: ["level": "owner"]
                ).status == 403)
            #expect(
                try await server.request(
                    .PUT, "/workspaces/\(w.workspace)/admission", token: w.alice.token, body: ["level": "public"]
                ).status == 400)
            let closed = try await server.request(
                .PUT, "/workspaces/\(w.workspace)/admission", token: w.alice.token, body: ["level": "owner"])
            #expect(closed.object["share_url"] == nil)
            #expect(try await server.get("/workspaces/\(w.workspace)", as: stranger.token).status == 404)
        }
    }

    @Test(arguments: Backend.available)
    func snapshots(backend: Backend) async throws {
        try await withServer(backend) { server in
            let w = try await world(server)
            let path = "/workspaces/\(w.workspace)/snapshots"
            let first = try await server.request(.POST, path, token: w.alice.token, body: ["name": "before-migration"])
            #expect(first.status == 201)
            let id = try #require(first.object["id"] as? String)
            #expect(first.object["url"] as? String == "\(TestServer.baseURL)/#snapshot/\(id)")
            #expect(first.object["workspace_id"] as? String == w.workspace)
            #expect(first.object["state"] as? String == "available")
            #expect(
                try await server.request(.POST, path, token: w.alice.token, body: ["name": "before-migration"]).status
                    == 409)
            for index in 2...10 {
                #expect(
                    try await server.request(.POST, path, token: w.alice.token, body: ["name": "s\(index)"]).status
                        == 201)
            }
            let eleventh = try await server.request(.POST, path, token: w.alice.token, body: ["name": "s11"])
            #expect(eleventh.status == 409)
            #expect(try await server.get(path, as: w.alice.token).array.count == 10)
            #expect(
                try await server.request(.POST, path, token: w.alice.token, body: ["name": "Bad Name"]).status == 400)
            _ = try await patch(w, as: w.alice.token, users: [w.bob.id: "use"])
            #expect(try await server.request(.POST, path, token: w.bob.token, body: ["name": "mine"]).status == 403)
            #expect(try await server.get(path, as: w.bob.token).status == 200)
            #expect(try await server.get(path, as: w.dave.token).status == 404)
        }
    }

    @Test(arguments: Backend.available)
    func concurrentPatchesNeverLoseAnUpdate(backend: Backend) async throws {
        try await withServer(backend) { server in
            let w = try await world(server)
            var users: [(id: String, token: String)] = []
            for index in 0..<24 { users.append(try await server.user("user\(index)")) }
            let workspace = w.workspace
            let token = w.alice.token
            let statuses = try await withThrowingTaskGroup(of: Int.self) { group in
                for (index, user) in users.enumerated() {
                    group.addTask {
                        try await server.request(
                            .PATCH, "/workspaces/\(workspace)/acl", token: token,
                            body: ["user_roles": [user.id: index.isMultiple(of: 2) ? "use" : "admin"]]
                        ).status
                    }
                    group.addTask {
                        try await server.request(.GET, "/workspaces/\(workspace)/acl", token: token).status
                    }
                }
                var all: [Int] = []
                for try await status in group { all.append(status) }
                return all
            }
            #expect(statuses.filter { $0 == 204 }.count == 24)
            #expect(statuses.filter { $0 == 200 }.count == 24)
            #expect(!statuses.contains { $0 >= 500 })
            let final = try await acl(w)
            #expect(final.count == 24)
            for (index, _) in users.enumerated() {
                #expect(final["user:user\(index)"] == (index.isMultiple(of: 2) ? "use" : "admin"))
            }
        }
    }

    /// Switching an organization's sharing to `none` while patches and link-sharing changes are
    /// in flight: each either lands before the switch (and is deleted by it) or is refused after
    /// it, so nothing is left open. On PostgreSQL the patches hold the organization's row shared.
    @Test(arguments: Backend.available)
    func disablingSharingMidPatchesLeavesNothingOpen(backend: Backend) async throws {
        try await withServer(backend) { server in
            let w = try await world(server)
            var users: [String] = []
            for index in 0..<30 { users.append(try await server.user("racer\(index)").id) }
            let settings = "/organizations/default/settings/workspace-sharing"
            let (workspace, token, admin) = (w.workspace, w.alice.token, server.adminToken)
            let statuses = try await withThrowingTaskGroup(of: (String, Int).self) { group in
                for (index, user) in users.enumerated() {
                    group.addTask {
                        (
                            "patch",
                            try await server.request(
                                .PATCH, "/workspaces/\(workspace)/acl", token: token,
                                body: ["user_roles": [user: "use"]]
                            ).status
                        )
                    }
                    if index == 10 {
                        group.addTask {
                            (
                                "setting",
                                try await server.request(
                                    .PATCH, settings, token: admin, body: ["shareable_workspace_owners": "none"]
                                ).status
                            )
                        }
                    }
                    if index.isMultiple(of: 6) {
                        group.addTask {
                            (
                                "admission",
                                try await server.request(
                                    .PUT, "/workspaces/\(workspace)/admission", token: token,
                                    body: ["level": "everyone"]
                                ).status
                            )
                        }
                    }
                }
                var all: [(String, Int)] = []
                for try await status in group { all.append(status) }
                return all
            }
            #expect(statuses.contains { $0 == ("setting", 200) })
            #expect(
                statuses.allSatisfy { [200, 204, 403].contains($0.1) },
                "\(statuses.filter { ![200, 204, 403].contains($0.1) })")
            #expect(try await acl(w).isEmpty, "a patch landed after sharing was switched off")
            #expect(try await server.get("/workspaces/\(w.workspace)").object["admission"] as? String == "owner")
        }
    }
}
