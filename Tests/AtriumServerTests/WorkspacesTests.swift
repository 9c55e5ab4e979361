import Foundation
import Testing

@Suite struct WorkspacesTests {
    @Test(arguments: Backend.available)
    func creatingWorkspaces(backend: Backend) async throws {
        try await withServer(backend) { server in
            let alice = try await server.user("alice")
            let template = try await server.template("python-dev", parameters: ["region"])
            let templateID = try #require(template["id"] as? String)
            let versionID = try #require(template["active_version_id"] as? String)

            let viaUser = try await server.request(
                .POST, "/users/alice/workspaces", token: alice.token,
                body: [
                    "name": "api", "template_id": templateID,
                    "rich_parameter_values": [["name": "region", "value": "eu-west"]],
                ])
            #expect(viaUser.status == 200)
            #expect(viaUser.object["owner_name"] as? String == "alice")
            #expect(viaUser.object["template_name"] as? String == "python-dev")
            // Coder's `shared_with` is omitempty: a workspace shared with nobody has no key.
            #expect(viaUser.object["shared_with"] == nil)
            #expect(viaUser.object["admission"] as? String == "owner")
            let viaOrganization = try await server.request(
                .POST, "/organizations/default/members/alice/workspaces", token: server.adminToken,
                body: ["name": "web", "template_version_id": versionID])
            #expect(viaOrganization.status == 200)

            let duplicate = try await server.request(
                .POST, "/users/alice/workspaces", token: alice.token, body: ["name": "api", "template_id": templateID])
            #expect(duplicate.status == 409)
            for name in ["new", "create", "has_underscore", "-dash", String(repeating: "a", count: 33)] {
                let bad = try await server.request(
                    .POST, "/users/alice/workspaces", token: alice.token,
                    body: ["name": name, "template_id": templateID])
                #expect(bad.status == 400, "\(name)")
                #expect(bad.validationFields == ["name"])
            }
            let both = try await server.request(
                .POST, "/users/alice/workspaces", token: alice.token,
                body: ["name": "x", "template_id": templateID, "template_version_id": versionID])
            #expect(both.status == 400)
            let neither = try await server.request(
                .POST, "/users/alice/workspaces", token: alice.token, body: ["name": "x"])
            #expect(neither.status == 400)
            let unknownTemplate = try await server.request(
                .POST, "/users/alice/workspaces", token: alice.token,
                body: ["name": "x", "template_id": UUID().uuidString])
            #expect(unknownTemplate.status == 400)
            let badParameter = try await server.request(
                .POST, "/users/alice/workspaces", token: alice.token,
                body: [
                    "name": "x", "template_id": templateID,
                    "rich_parameter_values": [["name": "colour", "value": "red"]],
                ])
            #expect(badParameter.status == 400)
            #expect(badParameter.validationFields == ["rich_parameter_values"])
            let bob = try await server.user("bob")
            #expect(
                try await server.request(
                    .POST, "/users/alice/workspaces", token: bob.token, body: ["name": "x", "template_id": templateID]
                ).status == 403)
        }
    }

    @Test(arguments: Backend.available)
    func lookupAndVisibility(backend: Backend) async throws {
        try await withServer(backend) { server in
            let alice = try await server.user("alice")
            let bob = try await server.user("bob")
            let templateID = try #require(try await server.template("go-dev")["id"] as? String)
            let id = try await server.workspace("api", owner: "alice", templateID: templateID)

            #expect(try await server.get("/workspaces/\(id)", as: alice.token).object["name"] as? String == "api")
            #expect(try await server.get("/users/alice/workspace/api", as: alice.token).object["id"] as? String == id)
            #expect(try await server.get("/users/me/workspace/api", as: alice.token).object["id"] as? String == id)
            #expect(
                try await server.get("/workspaces/\(id)", as: bob.token).status == 404,
                "invisible is the same as unknown")
            #expect(try await server.get("/users/alice/workspace/api", as: bob.token).status == 404)
            #expect(try await server.get("/workspaces/\(UUID().uuidString)").status == 404)
            #expect(try await server.get("/workspaces/not-a-uuid").status == 404)
            #expect(try await server.get("/workspaces", as: bob.token).object["count"] as? Int == 0)

            let share = try await server.request(
                .PATCH, "/workspaces/\(id)/acl", token: alice.token, body: ["user_roles": [bob.id: "use"]])
            #expect(share.status == 204)
            #expect(try await server.get("/workspaces/\(id)", as: bob.token).status == 200)
            #expect(try await server.get("/workspaces", as: bob.token).object["count"] as? Int == 1)
        }
    }

    @Test(arguments: Backend.available)
    func searchFilters(backend: Backend) async throws {
        try await withServer(backend) { server in
            let alice = try await server.user("alice")
            let bob = try await server.user("bob")
            let qa = try await server.group("qa", members: [])
            let python = try #require(try await server.template("python-dev")["id"] as? String)
            let go = try #require(try await server.template("go-dev")["id"] as? String)
            let api = try await server.workspace("api", owner: "alice", templateID: python)
            let web = try await server.workspace("web", owner: "alice", templateID: go)
            _ = try await server.workspace("api-v2", owner: "bob", templateID: python)
            _ = try await server.request(
                .PATCH, "/workspaces/\(api)/acl", token: server.adminToken, body: ["user_roles": [bob.id: "use"]])
            _ = try await server.request(
                .PATCH, "/workspaces/\(web)/acl", token: server.adminToken, body: ["group_roles": [qa: "admin"]])

            func names(_ query: String) async throws -> [String] {
                let reply = try await server.get(
                    "/workspaces?q=\(query.addingPercentEncoding(withAllowedCharacters: .urlQueryAllowed)!)")
                #expect(reply.status == 200, "\(query): \(reply.text)")
                let workspaces = (reply.object["workspaces"] as? [[String: Any]]) ?? []
                #expect(reply.object["count"] as? Int == workspaces.count)
                return workspaces.map { "\($0["owner_name"] as? String ?? "")/\($0["name"] as? String ?? "")" }
            }
            #expect(try await names("") == ["alice/api", "alice/web", "bob/api-v2"])
            #expect(try await names("owner:alice") == ["alice/api", "alice/web"])
            #expect(try await names("owner:\(alice.id)") == ["alice/api", "alice/web"])
            #expect(try await names("name:api") == ["alice/api", "bob/api-v2"])
            #expect(try await names("api") == ["alice/api", "bob/api-v2"])
            #expect(try await names("template:go-dev") == ["alice/web"])
            #expect(try await names("shared:true") == ["alice/api", "alice/web"])
            #expect(try await names("shared:false") == ["bob/api-v2"])
            #expect(try await names("shared_with_user:bob") == ["alice/api"])
            #expect(try await names("shared_with_user:\(bob.id)") == ["alice/api"])
            #expect(try await names("shared_with_group:qa") == ["alice/web"])
            #expect(try await names("shared_with_group:default/qa") == ["alice/web"])
            #expect(try await names("shared_with_group:\(qa)") == ["alice/web"])
            #expect(try await names("owner:alice template:python-dev shared:true") == ["alice/api"])
            // An unknown user is an invalid value (Coder's searchquery), not an empty result.
            let nobody = try await server.get("/workspaces?q=shared_with_user:nobody")
            #expect(nobody.status == 400)
            #expect(nobody.validationFields == ["shared_with_user"])

            let meAsBob = try await server.get("/workspaces?q=owner:me", as: bob.token)
            #expect(meAsBob.object["count"] as? Int == 1)
            let paged = try await server.get("/workspaces?limit=1&offset=1")
            #expect(paged.object["count"] as? Int == 3)
            #expect((paged.object["workspaces"] as? [[String: Any]])?.first?["name"] as? String == "web")
            let bad = try await server.get("/workspaces?q=colour:red")
            #expect(bad.status == 400)
            #expect(bad.validationFields == ["colour"])
            #expect(try await server.get("/workspaces?q=shared:maybe").status == 400)
            // `%` and `_` match only themselves (escaped in the LIKE); `+` is a space, as Go's
            // url.Query() reads it, and `%2B` a plus.
            #expect(try await names("name:a_i").isEmpty)
            #expect(try await names("name:%").isEmpty)
            let plus = try await server.get("/workspaces?q=owner:alice+name:web")
            #expect(
                (plus.object["workspaces"] as? [[String: Any]])?.map { $0["name"] as? String } == ["web"],
                "\(plus.text)")
            #expect(try await server.get("/workspaces?q=name%3Aapi%2Bx").object["count"] as? Int == 0)
            let users = try await server.get("/users?q=a_i").object["users"] as? [[String: Any]]
            #expect(users?.isEmpty == true, "`_` is no wildcard in a user search")
        }
    }
}
