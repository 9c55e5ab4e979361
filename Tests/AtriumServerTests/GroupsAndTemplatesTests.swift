import Foundation
import Testing

@Suite struct GroupsAndTemplatesTests {
    @Test(arguments: Backend.available)
    func groupsCreateListAndMembership(backend: Backend) async throws {
        try await withServer(backend) { server in
            let alice = try await server.user("alice")
            let bob = try await server.user("bob")
            let qa = try await server.group("qa", members: [alice.id])
            _ = try await server.group("ops", members: [])

            let byName = try await server.get("/organizations/default/groups/qa")
            #expect(byName.object["id"] as? String == qa)
            #expect(byName.object["organization_name"] as? String == "default")
            #expect((byName.object["members"] as? [[String: Any]])?.map { $0["username"] as? String } == ["alice"])
            #expect(byName.object["total_member_count"] as? Int == 1)
            #expect(try await server.get("/organizations/default/groups/nope").status == 404)
            #expect(
                try await server.get("/organizations/default/groups").array.compactMap { $0["name"] as? String } == [
                    "Everyone", "ops", "qa",
                ], "the Everyone group is listed, as Coder lists it")
            #expect(
                try await server.get("/groups?organization=default&has_member=\(alice.id)").array.compactMap {
                    $0["name"] as? String
                } == ["Everyone", "qa"])
            #expect(
                try await server.get("/groups?organization=default&has_member=bob").array.compactMap {
                    $0["name"] as? String
                } == ["Everyone"], "every member of the organization is a member of Everyone")

            let patched = try await server.request(
                .PATCH, "/groups/\(qa)", token: server.adminToken,
                body: ["add_users": [bob.id], "remove_users": [alice.id]])
            #expect(patched.status == 200)
            #expect((patched.object["members"] as? [[String: Any]])?.map { $0["username"] as? String } == ["bob"])
            let unknown = try await server.request(
                .PATCH, "/groups/\(qa)", token: server.adminToken, body: ["add_users": ["nobody"]])
            // enterprise/coderd/groups.go patchGroup: members are named by UUID.
            #expect(unknown.status == 400)
            #expect(unknown.message == "ID \"nobody\" must be a valid user UUID.")
            #expect(
                try await server.get("/groups/\(qa)").object["members"].map { ($0 as? [Any])?.count } == 1,
                "a failed patch changes nothing")

            let duplicate = try await server.request(
                .POST, "/organizations/default/groups", token: server.adminToken, body: ["name": "qa"])
            #expect(duplicate.status == 409)
            #expect(
                try await server.request(
                    .POST, "/organizations/default/groups", token: bob.token, body: ["name": "mine"]
                ).status == 403)
            #expect(
                try await server.request(.PATCH, "/groups/\(qa)", token: bob.token, body: ["add_users": [bob.id]])
                    .status == 403)
            #expect(
                try await server.request(
                    .PATCH, "/groups/\(UUID().uuidString)", token: server.adminToken, body: [:] as [String: String]
                ).status == 404)
        }
    }

    @Test(arguments: Backend.available)
    func templates(backend: Backend) async throws {
        try await withServer(backend) { server in
            let created = try await server.template("python-dev", parameters: ["region", "size"])
            #expect(created["name"] as? String == "python-dev")
            #expect(created["parameters"] as? [String] == ["region", "size"])
            #expect(created["organization_name"] as? String == "default")
            #expect((created["active_version_id"] as? String)?.count == 36)
            _ = try await server.template("go-dev")
            #expect(
                try await server.get("/templates").array.compactMap { $0["name"] as? String } == [
                    "go-dev", "python-dev",
                ])
            #expect(try await server.get("/organizations/default/templates").array.count == 2)
            #expect(
                try await server.get("/organizations/default/templates/go-dev").object["name"] as? String == "go-dev")
            #expect(try await server.get("/organizations/default/templates/rust-dev").status == 404)
            let duplicate = try await server.request(
                .POST, "/organizations/default/templates", token: server.adminToken, body: ["name": "go-dev"])
            #expect(duplicate.status == 409)
            let user = try await server.user("carol")
            #expect(
                try await server.request(
                    .POST, "/organizations/default/templates", token: user.token, body: ["name": "x"]
                ).status == 403)
        }
    }
}
