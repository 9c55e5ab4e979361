import Foundation
import Testing

@testable import AtriumServer

@Suite struct AuthenticationAndUsersTests {
    @Test(arguments: Backend.available)
    func buildinfoIsPublicAndEverythingElseNeedsAToken(backend: Backend) async throws {
        try await withServer(backend) { server in
            let info = try await server.request(.GET, "/buildinfo", token: nil)
            #expect(info.status == 200)
            let atrium = try #require(info.object["atrium"] as? [String: Any])
            #expect(atrium["server"] as? String == "atrium-reference-server")
            #expect(atrium["extensions"] as? [String] == ["admission", "snapshots", "workspace-sharing-settings"])

            for path in ["/users/me", "/workspaces", "/templates", "/organizations/default"] {
                let anonymous = try await server.request(.GET, path, token: nil)
                #expect(anonymous.status == 401, "\(path)")
                #expect(anonymous.object["message"] as? String == "You must be logged in to perform this action.")
                #expect(try await server.request(.GET, path, token: "atr_not-a-token").status == 401)
            }
            #expect(
                try await server.request(
                    .GET, "/users/me", token: nil, headers: [("Authorization", "Bearer \(server.adminToken)")]
                ).status == 200)
        }
    }

    @Test(arguments: Backend.available)
    func tokensAreStoredHashed(backend: Backend) async throws {
        try await withServer(backend) { server in
            let rows = try await server.server.store.database.read { connection in
                try await connection.query("SELECT hash FROM api_tokens", [])
            }
            #expect(rows.count == 1)
            let stored = rows[0].string(0)
            #expect(stored != server.adminToken)
            #expect(!stored.contains(server.adminToken.dropFirst(4)))
            #expect(stored == TokenHash.hex(of: server.adminToken))
        }
    }

    @Test(arguments: Backend.available)
    func usersByMeNameAndID(backend: Backend) async throws {
        try await withServer(backend) { server in
            let me = try await server.get("/users/me")
            #expect(me.status == 200)
            #expect(me.object["username"] as? String == "admin")
            #expect((me.object["roles"] as? [[String: Any]])?.first?["name"] as? String == "owner")
            let id = try #require(me.object["id"] as? String)
            #expect(try await server.get("/users/admin").object["id"] as? String == id)
            #expect(try await server.get("/users/\(id)").object["username"] as? String == "admin")
            #expect(try await server.get("/users/\(id.uppercased())").status == 200)
            let missing = try await server.get("/users/nobody")
            #expect(missing.status == 404)
            #expect(missing.object["message"] != nil)
        }
    }

    @Test(arguments: Backend.available)
    func creatingUsers(backend: Backend) async throws {
        try await withServer(backend) { server in
            let bob = try await server.user("bob")
            let duplicate = try await server.request(
                .POST, "/users", token: server.adminToken, body: ["username": "bob", "email": "b@example.com"])
            #expect(duplicate.status == 409)
            let badName = try await server.request(
                .POST, "/users", token: server.adminToken, body: ["username": "bob_smith", "email": "b@example.com"])
            #expect(badName.status == 400)
            #expect(badName.validationFields == ["username"])
            let forbidden = try await server.request(
                .POST, "/users", token: bob.token, body: ["username": "eve", "email": "e@example.com"])
            #expect(forbidden.status == 403)
            #expect(forbidden.object["message"] as? String == "Forbidden.")
            let bobsMe = try await server.get("/users/me", as: bob.token)
            #expect(bobsMe.object["id"] as? String == bob.id)
            #expect((bobsMe.object["organization_ids"] as? [String])?.count == 1)
        }
    }

    @Test(arguments: Backend.available)
    func listingAndSearchingUsers(backend: Backend) async throws {
        try await withServer(backend) { server in
            for name in ["carol", "dave", "erin"] { _ = try await server.user(name) }
            let all = try await server.get("/users")
            #expect(all.object["count"] as? Int == 4)
            let page = try await server.get("/users?limit=2&offset=1")
            #expect((page.object["users"] as? [[String: Any]])?.map { $0["username"] as? String } == ["carol", "dave"])
            #expect(page.object["count"] as? Int == 4)
            let search = try await server.get("/users?q=da")
            #expect((search.object["users"] as? [[String: Any]])?.map { $0["username"] as? String } == ["dave"])
            let admins = try await server.get("/users?q=role:owner")
            #expect(admins.object["count"] as? Int == 1)
            #expect(try await server.get("/users?q=colour:red").status == 400)
            #expect(try await server.get("/users?limit=-1").status == 400)
        }
    }

    @Test(arguments: Backend.available)
    func badBodiesAre400sNeverCrashes(backend: Backend) async throws {
        try await withServer(backend) { server in
            let token = server.adminToken
            let notJSON = try await server.request(.POST, "/users", token: token, body: "{not json")
            #expect(notJSON.status == 400)
            #expect(notJSON.object["message"] as? String == "Request body must be valid JSON.")
            let array = try await server.request(.POST, "/users", token: token, body: "[1, 2]")
            #expect(array.status == 400)
            #expect(array.object["message"] as? String == "Request body must be a JSON object.")
            let unknown = try await server.request(
                .POST, "/users", token: token, body: ["username": "zed", "email": "z@example.com", "colour": "red"])
            #expect(unknown.status == 400)
            #expect(unknown.object["message"] as? String == "Request body has unknown fields.")
            #expect(unknown.validationFields == ["colour"])
            // Coder's field names are snake_case: the Swift spelling of one is not a known field.
            let camel = try await server.request(
                .POST, "/users", token: token,
                body: ["username": "zed", "email": "z@example.com", "loginType": "password"])
            #expect(camel.status == 400)
            #expect(camel.validationFields == ["loginType"])
            let snake = try await server.request(
                .POST, "/users", token: token,
                body: ["username": "zed", "email": "z@example.com", "login_type": "password"])
            #expect(snake.status == 201, "\(snake.object)")
            let wrongType = try await server.request(
                .POST, "/users", token: token, body: ["username": 42, "email": "z@example.com"])
            #expect(wrongType.status == 400)
            #expect(wrongType.validationFields == ["username"])
            let missing = try await server.request(.POST, "/users", token: token, body: ["email": "z@example.com"])
            #expect(missing.status == 400)
            #expect(missing.validationFields == ["username"])
            let huge = Data("{\"username\": \"\(String(repeating: "a", count: 1 << 20))\"}".utf8)
            let oversized = try await server.request(.POST, "/users", token: token, body: huge)
            #expect(oversized.status == 400)
            #expect(oversized.object["message"] as? String == "Request body too large.")
            let route = try await server.get("/no/such/route")
            #expect(route.status == 404)
            #expect(route.object["message"] != nil)
        }
    }

    @Test(arguments: Backend.available)
    func organizationsAndMembers(backend: Backend) async throws {
        try await withServer(backend) { server in
            let organization = try await server.get("/organizations/default")
            #expect(organization.status == 200)
            #expect(organization.object["is_default"] as? Bool == true)
            let id = try #require(organization.object["id"] as? String)
            #expect(try await server.get("/organizations/\(id)").object["name"] as? String == "default")
            #expect(try await server.get("/organizations/nope").status == 404)
            _ = try await server.user("frank")
            let members = try await server.get("/organizations/default/members")
            #expect(members.array.compactMap { $0["username"] as? String } == ["admin", "frank"])
            #expect(members.array.allSatisfy { $0["organization_id"] as? String == id })
        }
    }

    @Test func sha256MatchesTheStandardVectors() {
        #expect(TokenHash.hex(of: "") == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        #expect(TokenHash.hex(of: "abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        #expect(
            TokenHash.hex(of: "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq")
                == "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")
        #expect(
            TokenHash.hex(of: String(repeating: "a", count: 1_000))
                == "41edece42d63e8d9bf515a9ba6932e1c20cbc9f5a5d134645adb5db1b9737ea3")
    }
}
