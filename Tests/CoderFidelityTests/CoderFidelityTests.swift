import AtriumTestSupport
import Foundation
import Testing

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// The reference server answers as Coder's code does. Each case names the Coder test (or the
/// code) it follows, and runs against `atrium serve` on SQLite and on PostgreSQL.
@Suite struct CoderFidelityTests {
    static let seed = """
        apiVersion: atrium/v1
        kind: Seed
        users:
          - {username: alice, name: Alice Adams}
          - {username: bob, name: Bob Builder}
          - {username: carol}
          - {username: dave}
        groups:
          - {name: qa, members: [carol]}
        templates:
          - {name: go-dev}
        workspaces:
          - {owner: alice, name: api, template: go-dev}
          - {owner: alice, name: quiet, template: go-dev}
        """

    struct World: Sendable {
        var server: ServedServer
        var workspace: String
        var quiet: String
        var alice: (id: String, token: String)
        var bob: (id: String, token: String)
        var carol: (id: String, token: String)
        var qa: String
    }

    func withWorld(_ backend: ServedServer.Variant, _ body: @Sendable (World) async throws -> Void) async throws {
        try await ServedServer.with(backend, seed: Self.seed) { server in
            let workspace = try await server.request("GET", "/users/alice/workspace/api").object["id"] as? String ?? ""
            let quiet = try await server.request("GET", "/users/alice/workspace/quiet").object["id"] as? String ?? ""
            let qa = try await server.request("GET", "/organizations/default/groups/qa").object["id"] as? String ?? ""
            let world = World(
                server: server, workspace: workspace, quiet: quiet, alice: try await server.user("alice"),
                bob: try await server.user("bob"),
                carol: try await server.user("carol"), qa: qa)
            try await body(world)
        }
    }

    func patch(_ w: World, as token: String, users: [String: String] = [:], groups: [String: String] = [:]) async throws
        -> ServedServer.Reply
    {
        try await w.server.request(
            "PATCH", "/workspaces/\(w.workspace)/acl", token: token, body: ["user_roles": users, "group_roles": groups])
    }

    /// coderd/users.go postUser: an empty login type is password; none, password and github are
    /// accepted, oidc needs OIDC configured, anything else (`"0"`) is unsupported; a password
    /// only goes with password login.
    @Test(arguments: ServedServer.Variant.all)
    func loginTypesAreCheckedAsCoderChecksThem(backend: ServedServer.Variant) async throws {
        try await withWorld(backend) { w in
            let organization = try await w.server.request("GET", "/organizations/default").object["id"] as? String ?? ""
            func create(_ name: String, _ extra: [String: Any]) async throws -> ServedServer.Reply {
                try await w.server.request(
                    "POST", "/users",
                    body: ["username": name, "email": "\(name)@example.com", "organization_ids": [organization]]
                        .merging(extra) { $1 })
            }
            let unsupported = try await create("zero", ["login_type": "0"])
            #expect(unsupported.status == 400)
            #expect(unsupported.message == "Unsupported login type \"0\" for manually creating new users.")
            let oidc = try await create("oidc-user", ["login_type": "oidc"])
            #expect(oidc.status == 400 && oidc.message == "You must configure OIDC before creating OIDC users.")
            let passwordWithNone = try await create("none-pw", ["login_type": "none", "password": "s3cret-Passw0rd"])
            #expect(
                passwordWithNone.status == 400
                    && passwordWithNone.message == "Password cannot be set for non-password (\"none\") authentication.")
            for (name, type) in [("plain", ""), ("none-user", "none"), ("gh-user", "github")] {
                #expect(try await create(name, ["login_type": type]).status == 201, "\(type)")
            }
        }
    }

    /// coderd/authorize.go checkAuthorization: a check without a resource type is 400 for the
    /// whole request; a type Coder's RBAC does not know (codersdk/rbacresources_gen.go) is false,
    /// even for an Owner, whose permissions are listed per known type.
    @Test(arguments: ServedServer.Variant.all)
    func authcheckKnowsOnlyCodersResourceTypes(backend: ServedServer.Variant) async throws {
        try await withWorld(backend) { w in
            let checks: [String: Any] = [
                "banana": ["object": ["resource_type": "banana"], "action": "read"],
                "bad-action": ["object": ["resource_type": "workspace"], "action": "eat"],
                "workspace": ["object": ["resource_type": "workspace"], "action": "share"],
            ]
            let reply = try await w.server.request("POST", "/authcheck", body: ["checks": checks])
            #expect(reply.status == 200)
            #expect(reply.object["banana"] as? Bool == false && reply.object["bad-action"] as? Bool == false)
            #expect(reply.object["workspace"] as? Bool == true)
            let empty = try await w.server.request(
                "POST", "/authcheck", body: ["checks": ["k": ["object": ["resource_type": ""], "action": "read"]]])
            #expect(
                empty.status == 400
                    && empty.message == "Object's \"resource_type\" field must be defined for key \"k\".")
        }
    }

    /// coderd/httpmw/organizationparam.go: a path's `{organization}` is `default` or the nil UUID
    /// (the default organization whatever its name), a UUID or a name; the same organization
    /// answers through each, for its listings too (the client reads them by the name it was
    /// given, beside the lookup).
    @Test(arguments: ServedServer.Variant.all)
    func anOrganizationInAPathIsReadAsCoderReadsIt(backend: ServedServer.Variant) async throws {
        try await withWorld(backend) { w in
            let byName = try await w.server.request("GET", "/organizations/default")
            let id = try #require(byName.object["id"] as? String)
            for reference in [id, "00000000-0000-0000-0000-000000000000"] {
                let reply = try await w.server.request("GET", "/organizations/\(reference)")
                #expect(reply.status == 200 && reply.object["id"] as? String == id, "\(reference)")
                let templates = try await w.server.request("GET", "/organizations/\(reference)/templates")
                #expect(templates.array.compactMap { $0["name"] as? String } == ["go-dev"], "\(reference)")
                let groups = try await w.server.request("GET", "/organizations/\(reference)/groups")
                #expect(groups.array.compactMap { $0["name"] as? String }.contains("qa"), "\(reference)")
            }
            let missing = try await w.server.request("GET", "/organizations/11111111-0000-0000-0000-000000000000")
            #expect(missing.status == 404)
        }
    }

    /// Go's encoding/json, which Coder's handlers decode with: `null` for a map is an empty map
    /// (codersdk.UpdateWorkspaceACL: nothing changes, 204), for a string or bool its zero value
    /// (PatchGroupRequest.name: no rename; UpdateWorkspaceSharingSettingsRequest.sharing_disabled:
    /// false); CreateGroupRequest.name is `validate:"required"`, so null there is 400.
    @Test(arguments: ServedServer.Variant.all)
    func nullsAreReadAsGoReadsThem(backend: ServedServer.Variant) async throws {
        try await withWorld(backend) { w in
            #expect(try await patch(w, as: w.alice.token, users: [w.bob.id: "use"]).status == 204)
            let nulls = try await w.server.request(
                "PATCH", "/workspaces/\(w.workspace)/acl", token: w.alice.token,
                raw: #"{"user_roles": null, "group_roles": null}"#)
            #expect(nulls.status == 204)
            let acl = try await w.server.request("GET", "/workspaces/\(w.workspace)/acl", token: w.alice.token)
            #expect((acl.object["users"] as? [[String: Any]])?.count == 1, "null changed nothing")
            let rename = try await w.server.request("PATCH", "/groups/\(w.qa)", raw: #"{"name": null}"#)
            #expect(rename.status == 200 && rename.object["name"] as? String == "qa")
            let organization = try await w.server.request("GET", "/organizations/default").object["id"] as? String ?? ""
            let create = try await w.server.request(
                "POST", "/organizations/\(organization)/groups", raw: #"{"name": null}"#)
            #expect(create.status == 400)
            let sharing = try await w.server.request(
                "PATCH", "/organizations/\(organization)/settings/workspace-sharing",
                raw: #"{"sharing_disabled": null}"#)
            #expect(sharing.status == 200 && sharing.object["sharing_disabled"] as? Bool == false)
        }
    }

    /// enterprise/coderd/groups.go patchGroup and deleteGroup: members are named by UUID, a
    /// member added twice is 412, `Everyone` is a reserved name and cannot be deleted, a group is
    /// deleted with "Successfully deleted group!".
    @Test(arguments: ServedServer.Variant.all)
    func groupPatchesAreCheckedAsCoderChecksThem(backend: ServedServer.Variant) async throws {
        try await withWorld(backend) { w in
            let byName = try await w.server.request("PATCH", "/groups/\(w.qa)", raw: #"{"add_users": ["carol"]}"#)
            #expect(byName.status == 400 && byName.message == "ID \"carol\" must be a valid user UUID.")
            let twice = try await w.server.request("PATCH", "/groups/\(w.qa)", body: ["add_users": [w.carol.id]])
            #expect(twice.status == 412 && twice.message == "Cannot add the same user to a group twice!")
            let reserved = try await w.server.request("PATCH", "/groups/\(w.qa)", body: ["name": "Everyone"])
            #expect(reserved.status == 400 && reserved.message == "\"Everyone\" is a reserved group name!")
            #expect(
                try await w.server.request("PATCH", "/groups/\(w.qa)", body: ["add_users": [w.bob.id]]).status == 200)
            let deleted = try await w.server.request("DELETE", "/groups/\(w.qa)")
            #expect(deleted.status == 200 && deleted.message == "Successfully deleted group!")
            #expect(try await w.server.request("GET", "/groups/\(w.qa)").status == 404)
        }
    }

    /// enterprise/coderd/groups.go patchGroup and deleteGroup on the Everyone group, and its
    /// members (coderd's group_members_expanded): a group whose id is the organization's, listed
    /// with the others, whose members are the organization's; a workspace grant to it reaches them.
    @Test(arguments: ServedServer.Variant.all)
    func theEveryoneGroupIsTheOrganization(backend: ServedServer.Variant) async throws {
        try await withWorld(backend) { w in
            let organization = try await w.server.request("GET", "/organizations/default").object["id"] as? String ?? ""
            let listing = try await w.server.request("GET", "/organizations/default/groups")
            let groups = (try? JSONSerialization.jsonObject(with: listing.body)) as? [[String: Any]] ?? []
            let everyone = try #require(groups.first { $0["name"] as? String == "Everyone" })
            #expect(everyone["id"] as? String == organization)
            let members = (everyone["members"] as? [[String: Any]] ?? []).compactMap { $0["username"] as? String }
            #expect(Set(members).isSuperset(of: ["admin", "alice", "bob", "carol", "dave"]), "\(members)")

            let rename = try await w.server.request("PATCH", "/groups/\(organization)", body: ["name": "All"])
            #expect(rename.status == 400 && rename.message == "Cannot rename the \"Everyone\" group!")
            let display = try await w.server.request("PATCH", "/groups/\(organization)", body: ["display_name": "All"])
            #expect(
                display.status == 400 && display.message == "Cannot update the Display Name for the \"Everyone\" group!"
            )
            let add = try await w.server.request("PATCH", "/groups/\(organization)", body: ["add_users": [w.bob.id]])
            #expect(add.status == 403 && add.message == "Cannot add or remove users from the \"Everyone\" group!")
            let delete = try await w.server.request("DELETE", "/groups/\(organization)")
            #expect(delete.status == 400 && delete.message == "\"Everyone\" is a reserved group and cannot be deleted!")

            #expect(
                try await w.server.request("GET", "/workspaces/\(w.workspace)/acl", token: w.bob.token).status == 404)
            #expect(try await patch(w, as: w.server.adminToken, groups: [organization: "use"]).status == 204)
            #expect(
                try await w.server.request("GET", "/workspaces/\(w.workspace)/acl", token: w.bob.token).status == 200,
                "a grant to Everyone reaches every member of the organization")
        }
    }

    /// enterprise/coderd/templates.go templateACL and patchTemplateACL: the Everyone group (id =
    /// the organization's) may use a new template; roles are use, admin or "" (removed); each id
    /// is validated (400 with one validation each, nothing written); success is a message.
    @Test(arguments: ServedServer.Variant.all)
    func templateACLsFollowCodersRules(backend: ServedServer.Variant) async throws {
        try await withWorld(backend) { w in
            let organization = try await w.server.request("GET", "/organizations/default").object["id"] as? String ?? ""
            let templates = try await w.server.request("GET", "/organizations/default/templates")
            let list = (try? JSONSerialization.jsonObject(with: templates.body)) as? [[String: Any]] ?? []
            let template = try #require(list.first?["id"] as? String)
            let initial = try await w.server.request("GET", "/templates/\(template)/acl")
            let groups = initial.object["group"] as? [[String: Any]] ?? []
            #expect(groups.map { $0["id"] as? String } == [organization] && groups.first?["role"] as? String == "use")

            let bad = try await w.server.request(
                "PATCH", "/templates/\(template)/acl", body: ["user_perms": [w.alice.id: "owner", "nobody": "use"]])
            #expect(bad.status == 400 && bad.message == "Invalid request to update template metadata!")
            #expect(bad.validations.map(\.field) == ["user_perms", "user_perms"], "\(bad.validations)")
            let ok = try await w.server.request(
                "PATCH", "/templates/\(template)/acl",
                body: ["user_perms": [w.alice.id: "admin"], "group_perms": [organization: ""]])
            #expect(ok.status == 200 && ok.message == "Successfully updated template ACL list.")
            let after = try await w.server.request("GET", "/templates/\(template)/acl")
            #expect((after.object["users"] as? [[String: Any]])?.map { $0["role"] as? String } == ["admin"])
            #expect((after.object["group"] as? [[String: Any]])?.isEmpty == true, "Everyone removed")
        }
    }

    /// TestUpdateWorkspaceACL/CannotChangeOwnRole: the caller's own id is refused — the owner's
    /// and a grantee's — unless the caller's `share` comes from its role rather than from the
    /// workspace (coderd/workspaces.go patchWorkspaceACL as of coder/coder#26559): a site admin may.
    @Test(arguments: ServedServer.Variant.all)
    func cannotChangeOwnRole(backend: ServedServer.Variant) async throws {
        try await withWorld(backend) { w in
            #expect(try await patch(w, as: w.alice.token, users: [w.bob.id: "admin"]).status == 204)
            for (caller, token) in [(w.alice.id, w.alice.token), (w.bob.id, w.bob.token)] {
                let reply = try await patch(w, as: token, users: [caller: "use"])
                #expect(reply.status == 400)
                #expect(reply.message == "You cannot change your own workspace sharing role.")
            }
            let admin = try await w.server.user("admin")
            #expect(try await patch(w, as: w.server.adminToken, users: [admin.id: "use"]).status == 204)
        }
    }

    /// coderd/rbac/acl/updatevalidator.go Validate: unknown ids are 400 with one validation each,
    /// groups first; removing ("") an id that names nobody changes nothing and is 204.
    @Test(arguments: ServedServer.Variant.all)
    func unknownIDsAreRefusedAndRemovingThemIsANoOp(backend: ServedServer.Variant) async throws {
        try await withWorld(backend) { w in
            let ghost = UUID().uuidString.lowercased()
            let reply = try await patch(w, as: w.alice.token, users: [ghost: "use"], groups: [ghost: "use"])
            #expect(reply.status == 400)
            #expect(reply.message == "Invalid request to update workspace ACL")
            #expect(reply.validations.map(\.field) == ["group_roles", "user_roles"])
            #expect(
                reply.validations.map(\.detail) == [
                    "group with ID \(ghost) does not exist", "user with ID \(ghost) does not exist",
                ])
            #expect(try await patch(w, as: w.alice.token, users: [ghost: ""], groups: [ghost: ""]).status == 204)
        }
    }

    /// TestWorkspaceSharingDisabled/ACLEndpointsForbidden: with sharing disabled, PATCH (before its
    /// body is read) and DELETE of the ACL are 403.
    @Test(arguments: ServedServer.Variant.all)
    func aclEndpointsForbiddenWhenSharingIsDisabled(backend: ServedServer.Variant) async throws {
        try await withWorld(backend) { w in
            let org = try await w.server.request(
                "PATCH", "/organizations/default/settings/workspace-sharing",
                body: ["shareable_workspace_owners": "none"])
            #expect(org.status == 200)
            let invalidBody = try await w.server.request(
                "PATCH", "/workspaces/\(w.workspace)/acl", token: w.alice.token, raw: "{not json")
            #expect(invalidBody.status == 403)
            #expect(invalidBody.message == "Forbidden.")
            #expect(invalidBody.object["detail"] as? String == "Workspace sharing is disabled for this organization.")
            #expect(try await patch(w, as: w.alice.token, users: [w.bob.id: "use"]).status == 403)
            #expect(
                try await w.server.request("DELETE", "/workspaces/\(w.workspace)/acl", token: w.alice.token).status
                    == 403)
        }
    }

    /// TestWorkspacesSharedWith/ContainsActorsWithFullData: actors carry id, display name ("" when
    /// unset) and roles; a workspace shared with nobody has no `shared_with` key.
    @Test(arguments: ServedServer.Variant.all)
    func sharedWithContainsActorsWithFullData(backend: ServedServer.Variant) async throws {
        try await withWorld(backend) { w in
            #expect(
                try await patch(
                    w, as: w.alice.token, users: [w.bob.id: "use", w.carol.id: "admin"], groups: [w.qa: "use"]
                ).status == 204)
            let shared =
                try await w.server.request("GET", "/workspaces/\(w.workspace)").object["shared_with"]
                as? [[String: Any]] ?? []
            let actors = shared.map {
                "\($0["actor_type"] as? String ?? ""):\($0["id"] as? String ?? ""):"
                    + "\($0["name"] as? String ?? "?"):\(($0["roles"] as? [String]) ?? [])"
            }.sorted()
            #expect(
                actors
                    == [
                        "group:\(w.qa):qa:[\"use\"]", "user:\(w.bob.id):Bob Builder:[\"use\"]",
                        "user:\(w.carol.id)::[\"admin\"]",
                    ].sorted(), "\(actors)")
            let quiet = try await w.server.request("GET", "/workspaces/\(w.quiet)").object
            #expect(quiet["shared_with"] == nil, "omitempty: no key when shared with nobody")
        }
    }

    /// coderd/workspaces.go patchWorkspaceACL and coderd/database/db2sdk WorkspaceRoleActions:
    /// changing the ACL is the workspace's `share`, which an `admin` grantee holds as its owner does
    /// (every workspace action but delete). So bob, given `admin`, grants `admin`, opens the
    /// workspace to the Everyone group (whose id is the organization's) and closes it again, and
    /// removes another admin's grant; the one rule of the handler's own is that nobody changes
    /// their own entry (400) unless their `share` comes from their role (a site admin).
    @Test(arguments: ServedServer.Variant.all)
    func anAdminGranteeSharesAsTheOwnerDoesButNeverItsOwnEntry(backend: ServedServer.Variant) async throws {
        try await withWorld(backend) { (w: World) async throws in
            let organization = try #require(
                try await w.server.request("GET", "/organizations/default").object["id"] as? String)
            #expect(try await patch(w, as: w.alice.token, users: [w.bob.id: "admin"]).status == 204)
            #expect(try await patch(w, as: w.bob.token, users: [w.carol.id: "admin"]).status == 204)
            #expect(try await patch(w, as: w.bob.token, groups: [organization: "use"]).status == 204)
            #expect(try await patch(w, as: w.bob.token, groups: [organization: ""]).status == 204)
            #expect(try await patch(w, as: w.bob.token, users: [w.carol.id: ""]).status == 204, "another admin's")
            let own = try await patch(w, as: w.bob.token, users: [w.bob.id: "use"])
            #expect(own.status == 400)
            #expect(own.object["message"] as? String == "You cannot change your own workspace sharing role.")
            let admin = try #require(
                try await w.server.request("GET", "/users/me", token: w.server.adminToken).object["id"] as? String)
            #expect(try await patch(w, as: w.server.adminToken, users: [admin: "use"]).status == 204)
            #expect(try await patch(w, as: w.server.adminToken, users: [admin: ""]).status == 204)
            let acl = try await w.server.request("GET", "/workspaces/\(w.workspace)/acl").object
            #expect((acl["users"] as? [[String: Any]])?.compactMap { $0["username"] as? String } == ["bob"])
            #expect((acl["group"] as? [[String: Any]])?.isEmpty == true, "\(acl)")
        }
    }

    /// coderd/workspaces.go deleteWorkspaceACL: a grantee with `use` may not clear the ACL.
    @Test(arguments: ServedServer.Variant.all)
    func aUseGranteeCannotClearTheACL(backend: ServedServer.Variant) async throws {
        try await withWorld(backend) { (w: World) async throws in
            #expect(try await patch(w, as: w.alice.token, users: [w.bob.id: "use"]).status == 204)
            #expect(
                try await w.server.request("DELETE", "/workspaces/\(w.workspace)/acl", token: w.bob.token).status == 403
            )
            #expect(
                try await w.server.request("DELETE", "/workspaces/\(w.workspace)/acl", token: w.alice.token).status
                    == 204)
        }
    }

    /// TestWorkspaceSharingSettings/InvalidValueRejected, and the setting's other answers: `{}`
    /// means everyone, the deprecated `sharing_disabled` still works, members may not change it,
    /// and anything but `everyone` deletes the organization's ACLs for good.
    @Test(arguments: ServedServer.Variant.all)
    func sharingSettings(backend: ServedServer.Variant) async throws {
        try await withWorld(backend) { w in
            let path = "/organizations/default/settings/workspace-sharing"
            let invalid = try await w.server.request("PATCH", path, body: ["shareable_workspace_owners": "friends"])
            #expect(invalid.status == 400)
            #expect(invalid.message == "Invalid shareable workspace owners value.")
            #expect(
                try await w.server.request(
                    "PATCH", path, token: w.alice.token, body: ["shareable_workspace_owners": "none"]
                ).status == 403)

            #expect(try await patch(w, as: w.alice.token, users: [w.bob.id: "use"]).status == 204)
            let deprecated = try await w.server.request("PATCH", path, body: ["sharing_disabled": true])
            #expect(deprecated.object["shareable_workspace_owners"] as? String == "none")
            #expect(deprecated.object["sharing_disabled"] as? Bool == true)
            let empty = try await w.server.request("PATCH", path, body: [String: String]())
            #expect(empty.object["shareable_workspace_owners"] as? String == "everyone", "{} means everyone")
            let acl = try await w.server.request("GET", "/workspaces/\(w.workspace)/acl").object
            #expect(
                (acl["users"] as? [Any])?.isEmpty == true,
                "disabling deleted the grants; enabling does not restore them")

            #expect(try await patch(w, as: w.alice.token, users: [w.bob.id: "use"]).status == 204)
            #expect(
                try await w.server.request("PATCH", path, body: ["shareable_workspace_owners": "service_accounts"])
                    .status == 200)
            let after = try await w.server.request("GET", "/workspaces/\(w.workspace)/acl").object
            #expect(
                (after["users"] as? [Any])?.isEmpty == true, "service_accounts deletes grants on workspaces people own")
            #expect(try await patch(w, as: w.alice.token, users: [w.bob.id: "use"]).status == 403)
        }
    }

    /// coderd/searchquery/search.go Workspaces and coderd/pagination.go: the query is lowercased,
    /// `shared_with_user:me` and `shared_with_group:ORG/NAME` work, an unknown user or group is a
    /// 400 with validations, and `limit=0` means no limit.
    @Test(arguments: ServedServer.Variant.all)
    func workspaceSearch(backend: ServedServer.Variant) async throws {
        var seed = Self.seed
        for index in 0..<30 { seed += "\n  - {owner: dave, name: w\(index), template: go-dev}" }
        try await ServedServer.with(backend, seed: seed) { server in
            let alice = try await server.user("alice")
            let bob = try await server.user("bob")
            let workspace = try await server.request("GET", "/users/alice/workspace/api").object["id"] as? String ?? ""
            let qa = try await server.request("GET", "/organizations/default/groups/qa").object["id"] as? String ?? ""
            _ = try await server.request(
                "PATCH", "/workspaces/\(workspace)/acl", token: alice.token,
                body: ["user_roles": [bob.id: "use"], "group_roles": [qa: "use"]])
            func names(_ query: String, token: String? = nil, limit: String = "100") async throws -> [String] {
                let q = query.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? query
                let reply = try await server.request("GET", "/workspaces?limit=\(limit)&q=\(q)", token: token)
                return ((reply.object["workspaces"] as? [[String: Any]]) ?? []).compactMap { $0["name"] as? String }
                    .sorted()
            }
            #expect(try await names("OWNER:ALICE") == ["api", "quiet"], "lowercased first")
            #expect(try await names("shared_with_user:me", token: bob.token) == ["api"])
            #expect(try await names("shared_with_group:default/qa") == ["api"])
            let unknown = try await server.request("GET", "/workspaces?q=shared_with_user:nosuch")
            #expect(unknown.status == 400)
            #expect(unknown.message == "Invalid workspace search query.")
            #expect(unknown.validations.map(\.field) == ["shared_with_user"])
            #expect(try await server.request("GET", "/workspaces?q=shared_with_group:default/nosuch").status == 400)
            #expect(try await names("owner:dave", limit: "0").count == 30, "limit=0 means no limit")
            #expect(try await names("owner:dave", limit: "10").count == 10)
        }
    }

    /// Templates are created by a real user (Coder's template JSON always names its creator);
    /// every authenticated operation, extensions included, is 401 without a valid token.
    @Test(arguments: ServedServer.Variant.all)
    func seededTemplatesHaveACreatorAndEveryOperationNeedsAToken(backend: ServedServer.Variant) async throws {
        try await withWorld(backend) { w in
            let admin = try await w.server.user("admin")
            let template = try await w.server.request("GET", "/organizations/default/templates/go-dev").object
            #expect(template["created_by_id"] as? String == admin.id)
            #expect(template["created_by_name"] as? String == "admin")
            let operations: [(String, String)] = [
                ("GET", "/workspaces/\(w.workspace)/acl"), ("PATCH", "/workspaces/\(w.workspace)/acl"),
                ("DELETE", "/workspaces/\(w.workspace)/acl"),
                ("GET", "/organizations/default/settings/workspace-sharing"),
                ("PATCH", "/organizations/default/settings/workspace-sharing"),
                ("GET", "/workspaces/\(w.workspace)/port-share"), ("POST", "/workspaces/\(w.workspace)/port-share"),
            ]
            let extensions: [(String, String)] = [
                ("PUT", "/workspaces/\(w.workspace)/admission"), ("GET", "/workspaces/\(w.workspace)/snapshots"),
                ("POST", "/workspaces/\(w.workspace)/snapshots"),
            ]
            for (method, path) in operations + (backend.coderOnly ? [] : extensions) {
                let body: [String: String]? = ["GET", "DELETE"].contains(method) ? nil : [:]
                #expect(
                    try await w.server.request(method, path, token: "atr_not-a-token", body: body).status == 401,
                    "\(method) \(path)")
            }
            #expect(
                try await w.server.request("GET", "/buildinfo", token: "atr_not-a-token").status == 200,
                "buildinfo is public")
        }
    }

    /// coderd/authorize.go checkAuthorization (POST /authcheck): answers each named check; an
    /// Owner may do everything, a member what concerns their own workspaces.
    @Test(arguments: ServedServer.Variant.all)
    func authcheckAnswersEachNamedCheck(backend: ServedServer.Variant) async throws {
        try await withWorld(backend) { w in
            let organization = try await w.server.request("GET", "/organizations/default").object["id"] as? String ?? ""
            let checks: [String: Any] = [
                "readAll": [
                    "object": ["resource_type": "workspace", "organization_id": organization], "action": "read",
                ],
                "updateOwn": [
                    "object": ["resource_type": "workspace", "organization_id": organization, "owner_id": w.bob.id],
                    "action": "update",
                ],
            ]
            let member = try await w.server.request("POST", "/authcheck", token: w.bob.token, body: ["checks": checks])
                .object
            #expect(member["readAll"] as? Bool == false)
            #expect(member["updateOwn"] as? Bool == true)
            let owner = try await w.server.request("POST", "/authcheck", body: ["checks": checks]).object
            #expect(owner["readAll"] as? Bool == true && owner["updateOwn"] as? Bool == true)
        }
    }

    /// TestWorkspaceSharingSettings (service_accounts): the setting keeps the ACLs of workspaces
    /// service accounts own and deletes the rest; users carry `is_service_account`.
    @Test(arguments: ServedServer.Variant.all)
    func serviceAccountsKeepTheirSharing(backend: ServedServer.Variant) async throws {
        let seed =
            Self.seed.replacingOccurrences(
                of: "  - {username: dave}", with: "  - {username: dave}\n  - {username: robot, serviceAccount: true}")
            + "\n  - {owner: robot, name: ci, template: go-dev}"
        try await ServedServer.with(backend, seed: seed) { server in
            let bob = try await server.user("bob")
            let robot = try await server.request("GET", "/users/robot").object
            #expect(robot["is_service_account"] as? Bool == true)
            #expect(try await server.request("GET", "/users/bob").object["is_service_account"] as? Bool == false)
            let api = try await server.request("GET", "/users/alice/workspace/api").object["id"] as? String ?? ""
            let ci = try await server.request("GET", "/users/robot/workspace/ci").object["id"] as? String ?? ""
            for workspace in [api, ci] {
                #expect(
                    try await server.request(
                        "PATCH", "/workspaces/\(workspace)/acl", body: ["user_roles": [bob.id: "use"]]
                    ).status == 204)
            }
            #expect(
                try await server.request(
                    "PATCH", "/organizations/default/settings/workspace-sharing",
                    body: ["shareable_workspace_owners": "service_accounts"]
                ).status == 200)
            let people = try await server.request("GET", "/workspaces/\(api)/acl").object["users"] as? [Any]
            let machines = try await server.request("GET", "/workspaces/\(ci)/acl").object["users"] as? [Any]
            #expect(people?.isEmpty == true, "a person's workspace lost its grants")
            #expect(machines?.count == 1, "a service account's workspace kept them")
            #expect(
                try await server.request("PATCH", "/workspaces/\(ci)/acl", body: ["user_roles": [bob.id: "admin"]])
                    .status == 204)
            #expect(
                try await server.request("PATCH", "/workspaces/\(api)/acl", body: ["user_roles": [bob.id: "use"]])
                    .status == 403)
        }
    }
}

/// coderd/httpmw/csrf.go (nosurf): a write that the session cookie authenticates is refused with
/// nosurf's 400 unless the request proves it was not forged cross-site.
@Suite struct CSRFFidelityTests {
    static func send(
        _ server: ServedServer, _ method: String, _ path: String, cookie: String, headers: [String: String] = [:],
        body: String? = nil
    ) async throws -> (status: Int, text: String) {
        var request = URLRequest(url: try #require(URL(string: "\(server.baseURL)/api/v2\(path)")))
        request.httpMethod = method
        request.setValue(cookie, forHTTPHeaderField: "Cookie")
        for (name, value) in headers { request.setValue(value, forHTTPHeaderField: name) }
        if let body {
            request.httpBody = Data(body.utf8)
            request.setValue("text/plain", forHTTPHeaderField: "Content-Type")
        }
        let (data, response) = try await URLSession.shared.data(for: request)
        return ((response as? HTTPURLResponse)?.statusCode ?? 0, String(decoding: data, as: UTF8.self))
    }

    @Test(arguments: ServedServer.Variant.all)
    func aCookieAuthenticatedWriteNeedsProofItWasNotForged(backend: ServedServer.Variant) async throws {
        try await ServedServer.with(backend, seed: CoderFidelityTests.seed) { server in
            let session = "coder_session_token=\(server.adminToken)"
            let forged = try await Self.send(
                server, "POST", "/organizations/default/groups", cookie: session, body: #"{"name": "forged"}"#)
            #expect(forged.status == 400, "\(forged.text)")
            #expect(forged.text.contains("Something is wrong with your CSRF token"), "\(forged.text)")
            #expect(try await server.request("GET", "/organizations/default/groups/forged").status == 404)
            // Reads are not checked; the header equal to the cookie, or the double-submit token, passes.
            #expect(try await Self.send(server, "GET", "/users/me", cookie: session).status == 200)
            let header = try await Self.send(
                server, "POST", "/organizations/default/groups", cookie: session,
                headers: ["Coder-Session-Token": server.adminToken], body: #"{"name": "with-header"}"#)
            #expect(header.status == 201, "\(header.text)")
            let doubleSubmit = try await Self.send(
                server, "POST", "/organizations/default/groups", cookie: "\(session); csrf_token=abc123",
                headers: ["X-CSRF-TOKEN": "abc123"], body: #"{"name": "double-submit"}"#)
            #expect(doubleSubmit.status == 201, "\(doubleSubmit.text)")
            let wrong = try await Self.send(
                server, "PATCH", "/organizations/default/settings/workspace-sharing",
                cookie: "\(session); csrf_token=abc123", headers: ["X-CSRF-TOKEN": "nope"],
                body: #"{"shareable_workspace_owners": "none"}"#)
            #expect(wrong.status == 400, "\(wrong.text)")
        }
    }
}

/// enterprise/coderd/templates.go and coderd/rbac (the template object carries its ACL): once
/// the Everyone group's default `use` is revoked, a member the ACL does not reach neither sees the
/// template, nor reads it or its ACL, nor creates a workspace from it (coderd/workspaces.go reads
/// the template with the caller's authorization); a template ACL `admin` changes the ACL.
@Suite struct TemplateACLFidelityTests {
    @Test(arguments: ServedServer.Variant.all)
    func aTemplateTheACLDoesNotReachIsNotTheirs(backend: ServedServer.Variant) async throws {
        try await ServedServer.with(backend, seed: CoderFidelityTests.seed) { server in
            let template = try #require(
                try await server.request("GET", "/organizations/default/templates/go-dev").object["id"] as? String)
            let organization = try #require(
                try await server.request("GET", "/organizations/default").object["id"] as? String)
            let bob = try await server.user("bob")
            let carol = try await server.user("carol")
            func names(_ token: String) async throws -> [String] {
                try await server.request("GET", "/templates", token: token).array.compactMap { $0["name"] as? String }
            }
            func create(_ token: String, _ name: String) async throws -> ServedServer.Reply {
                try await server.request(
                    "POST", "/users/me/workspaces", token: token, body: ["template_id": template, "name": name])
            }
            #expect(try await names(bob.token) == ["go-dev"], "the Everyone group's default use")
            let revoked = try await server.request(
                "PATCH", "/templates/\(template)/acl",
                body: ["group_perms": [organization: ""], "user_perms": [carol.id: "admin"]])
            #expect(revoked.status == 200, "\(String(decoding: revoked.body, as: UTF8.self))")

            #expect(try await names(bob.token).isEmpty)
            #expect(
                try await server.request("GET", "/organizations/default/templates/go-dev", token: bob.token).status
                    == 404)
            #expect(try await server.request("GET", "/templates/\(template)/acl", token: bob.token).status == 404)
            let refused = try await create(bob.token, "bobs")
            #expect(
                refused.status == 400 && refused.message?.contains("doesn't exist") == true,
                "\(String(decoding: refused.body, as: UTF8.self))")

            // carol administers it: she sees it, uses it, and changes its ACL.
            #expect(try await names(carol.token) == ["go-dev"])
            #expect(try await create(carol.token, "carols").status == 200)
            let granted = try await server.request(
                "PATCH", "/templates/\(template)/acl", token: carol.token, body: ["user_perms": [bob.id: "use"]])
            #expect(granted.status == 200, "\(String(decoding: granted.body, as: UTF8.self))")
            #expect(try await create(bob.token, "bobs").status == 200)
            // A `use` grant reads the template, not its administration.
            let notAdmin = try await server.request(
                "PATCH", "/templates/\(template)/acl", token: bob.token, body: ["user_perms": [bob.id: "admin"]])
            #expect(notAdmin.status == 403, "\(String(decoding: notAdmin.body, as: UTF8.self))")
        }
    }
}

/// A group's RBAC object carries its members as readers (coderd/rbac, enterprise/coderd/groups.go):
/// a member reads the groups they are in (the Everyone group included), with their members; the
/// others are not listed and read as 404. Site admins read every group.
@Suite struct GroupReadFidelityTests {
    @Test(arguments: ServedServer.Variant.all)
    func aMemberReadsOnlyTheirOwnGroups(backend: ServedServer.Variant) async throws {
        try await ServedServer.with(backend, seed: CoderFidelityTests.seed) { server in
            let bob = try await server.user("bob")
            let carol = try await server.user("carol")
            let qa = try #require(
                try await server.request("GET", "/organizations/default/groups/qa").object["id"] as? String)
            func names(_ path: String, _ token: String) async throws -> [String] {
                try await server.request("GET", path, token: token).array.compactMap { $0["name"] as? String }.sorted()
            }
            #expect(try await names("/organizations/default/groups", server.adminToken) == ["Everyone", "qa"])
            #expect(try await names("/organizations/default/groups", bob.token) == ["Everyone"])
            #expect(try await names("/groups?organization=default", bob.token) == ["Everyone"])
            #expect(try await server.request("GET", "/organizations/default/groups/qa", token: bob.token).status == 404)
            #expect(try await server.request("GET", "/groups/\(qa)", token: bob.token).status == 404)
            #expect(try await names("/organizations/default/groups", carol.token) == ["Everyone", "qa"])
            #expect(try await server.request("GET", "/groups/\(qa)", token: carol.token).status == 200)
        }
    }
}

/// Opening a workspace by its link (the admission extension) shows the workspace, and nothing a
/// grant would: its ACL, build parameters, port shares and snapshots read as 404 to someone the
/// link alone lets in, as they do to anyone Coder's RBAC gives no grant.
@Suite struct LinkReadFidelityTests {
    @Test(arguments: ServedServer.Backend.available)
    func theLinkShowsTheWorkspaceAndNothingMore(backend: ServedServer.Backend) async throws {
        try await ServedServer.with(backend, seed: CoderFidelityTests.seed) { server in
            let workspace = try #require(
                try await server.request("GET", "/users/alice/workspace/api").object["id"] as? String)
            let linked = try await server.request(
                "PUT", "/workspaces/\(workspace)/admission", body: ["level": "everyone"])
            #expect(linked.status == 200 || linked.status == 204)
            let bob = try await server.user("bob")
            #expect(try await server.request("GET", "/workspaces/\(workspace)", token: bob.token).status == 200)
            for path in ["acl", "port-share", "snapshots"] {
                let reply = try await server.request("GET", "/workspaces/\(workspace)/\(path)", token: bob.token)
                #expect(reply.status == 404, "\(path)")
            }
            let build = try await server.request("GET", "/workspacebuilds/\(workspace)/parameters", token: bob.token)
            #expect(build.status == 404)
            // A grant reads them: bob's own, and carol's through her group's.
            let qa = try #require(
                try await server.request("GET", "/organizations/default/groups/qa").object["id"] as? String)
            _ = try await server.request(
                "PATCH", "/workspaces/\(workspace)/acl",
                body: ["user_roles": [bob.id: "use"], "group_roles": [qa: "use"]])
            let carol = try await server.user("carol")
            let dave = try await server.user("dave")
            for reader in [bob, carol] {
                for path in ["/workspaces/\(workspace)/acl", "/workspaces/\(workspace)/port-share"] {
                    #expect(try await server.request("GET", path, token: reader.token).status == 200, "\(path)")
                }
                let parameters = try await server.request(
                    "GET", "/workspacebuilds/\(workspace)/parameters", token: reader.token)
                #expect(parameters.status == 200)
            }
            for path in ["/workspaces/\(workspace)/port-share", "/workspacebuilds/\(workspace)/parameters"] {
                #expect(try await server.request("GET", path, token: dave.token).status == 404, "no grant: \(path)")
            }
        }
    }
}
