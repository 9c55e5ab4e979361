import Foundation
import Testing

/// Our responses against Coder's own OpenAPI (Swagger 2.0) definitions: for each endpoint, the
/// status is one Coder documents and every required field is present with the right JSON type.
/// The spec is data beside the project (`../shared/coder-api/swagger.json`); without it (a user's
/// fresh clone) the test is skipped and says so. CI always has it.
@Suite struct SwaggerContractTests {
    static let specURL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("shared/coder-api/swagger.json")

    // nonisolated(unsafe): parsed once, never mutated; JSONSerialization values are not Sendable.
    nonisolated(unsafe) static let spec: [String: Any]? = {
        guard let data = try? Data(contentsOf: specURL) else { return nil }
        return try? JSONSerialization.jsonObject(with: data) as? [String: Any]
    }()

    static var definitions: [String: Any] { spec?["definitions"] as? [String: Any] ?? [:] }

    /// Problems with `value` under `schema`, each naming the JSON path.
    static func problems(_ value: JSONValue, _ schema: [String: Any], at path: String) -> [String] {
        if let reference = schema["$ref"] as? String {
            let name = String(reference.split(separator: "/").last ?? "")
            guard let definition = definitions[name] as? [String: Any] else {
                return ["\(path): unknown definition \(name)"]
            }
            return problems(value, definition, at: path)
        }
        var result: [String] = []
        for part in (schema["allOf"] as? [[String: Any]]) ?? [] { result += problems(value, part, at: path) }
        let type = schema["type"] as? String ?? (schema["properties"] != nil ? "object" : nil)
        switch (type, value) {
        case (nil, _):
            break
        case ("object", .object(let fields)):
            for required in (schema["required"] as? [String]) ?? [] where fields[required] == nil {
                result.append("\(path).\(required): required field missing")
            }
            let properties = schema["properties"] as? [String: Any] ?? [:]
            for (key, field) in fields {
                if let propertySchema = properties[key] as? [String: Any] {
                    result += problems(field, propertySchema, at: "\(path).\(key)")
                }
            }
        case ("array", .array(let items)):
            if let itemSchema = schema["items"] as? [String: Any] {
                for (index, item) in items.enumerated() {
                    result += problems(item, itemSchema, at: "\(path)[\(index)]")
                }
            }
        case ("string", .string(let text)):
            if let allowed = schema["enum"] as? [String], !allowed.contains(text) {
                result.append("\(path): \"\(text)\" is not one of \(allowed)")
            }
        case ("integer", .integer), ("number", .integer), ("number", .number), ("boolean", .bool):
            break
        default:
            result.append("\(path): expected \(type ?? "?"), got \(value)")
        }
        return result
    }

    /// Checks one exchange against the spec's operation for `method template`.
    static func check(_ method: String, _ template: String, _ reply: TestServer.Reply) -> [String] {
        guard let paths = spec?["paths"] as? [String: Any], let operations = paths[template] as? [String: Any],
            let operation = operations[method.lowercased()] as? [String: Any],
            let responses = operation["responses"] as? [String: Any]
        else { return ["\(method) \(template): not in the spec"] }
        guard let response = responses[String(reply.status)] as? [String: Any] else {
            return [
                "\(method) \(template): status \(reply.status) is not documented (documented: "
                    + "\(responses.keys.sorted()))"
            ]
        }
        guard let schema = response["schema"] as? [String: Any] else {
            return reply.body.isEmpty ? [] : ["\(method) \(template): \(reply.status) has no body in the spec"]
        }
        guard let value = try? JSONValue.parse(reply.body) else { return ["\(method) \(template): body is not JSON"] }
        return problems(value, schema, at: "\(method) \(template)")
    }

    @Test(
        .enabled(
            if: spec != nil,
            "SKIPPED: ../shared/coder-api/swagger.json is absent (it is data beside the project; CI has it)"))
    func responsesMatchCodersDefinitions() async throws {
        try await withServer(.sqlite) { server in
            let token = server.adminToken
            var exchanges: [(String, String, TestServer.Reply)] = []
            func record(_ method: Method, _ template: String, _ path: String, body: Any? = nil) async throws
                -> TestServer.Reply
            {
                let reply = try await server.request(method, path, token: token, body: body)
                exchanges.append((method.rawValue, template, reply))
                return reply
            }
            _ = try await record(.GET, "/buildinfo", "/buildinfo")
            _ = try await record(.GET, "/users/{user}", "/users/me")
            let created = try await record(
                .POST, "/users", "/users", body: ["username": "alice", "email": "alice@example.com"])
            let alice = try #require(created.object["id"] as? String)
            _ = try await record(.POST, "/users/{user}/keys", "/users/\(alice)/keys")
            _ = try await record(.GET, "/users", "/users?q=alice")
            _ = try await record(.GET, "/organizations/{organization}", "/organizations/default")
            _ = try await record(.GET, "/organizations/{organization}/members", "/organizations/default/members")
            let group = try await record(
                .POST, "/organizations/{organization}/groups", "/organizations/default/groups", body: ["name": "qa"])
            let groupID = try #require(group.object["id"] as? String)
            _ = try await record(.PATCH, "/groups/{group}", "/groups/\(groupID)", body: ["add_users": [alice]])
            _ = try await record(.GET, "/groups", "/groups?organization=default&has_member=alice")
            _ = try await record(.GET, "/organizations/{organization}/groups", "/organizations/default/groups")
            _ = try await record(
                .GET, "/organizations/{organization}/groups/{groupName}", "/organizations/default/groups/qa")
            let template = try await record(
                .POST, "/organizations/{organization}/templates", "/organizations/default/templates",
                body: ["name": "go-dev", "parameters": ["region"]])
            let templateID = try #require(template.object["id"] as? String)
            _ = try await record(.GET, "/templates", "/templates")
            _ = try await record(.GET, "/organizations/{organization}/templates", "/organizations/default/templates")
            _ = try await record(
                .GET, "/organizations/{organization}/templates/{templatename}",
                "/organizations/default/templates/go-dev")
            let workspace = try await record(
                .POST, "/users/{user}/workspaces", "/users/alice/workspaces",
                body: [
                    "name": "api", "template_id": templateID,
                    "rich_parameter_values": [["name": "region", "value": "eu"]],
                ])
            let workspaceID = try #require(workspace.object["id"] as? String)
            _ = try await record(
                .POST, "/organizations/{organization}/members/{user}/workspaces",
                "/organizations/default/members/alice/workspaces", body: ["name": "web", "template_id": templateID])
            _ = try await record(
                .PATCH, "/workspaces/{workspace}/acl", "/workspaces/\(workspaceID)/acl",
                body: ["user_roles": [String: String](), "group_roles": [groupID: "use"]])
            _ = try await record(.GET, "/workspaces/{workspace}/acl", "/workspaces/\(workspaceID)/acl")
            _ = try await record(.GET, "/workspaces/{workspace}", "/workspaces/\(workspaceID)")
            _ = try await record(.GET, "/users/{user}/workspace/{workspacename}", "/users/alice/workspace/api")
            _ = try await record(.GET, "/workspaces", "/workspaces?q=shared:true")
            _ = try await record(.DELETE, "/workspaces/{workspace}/acl", "/workspaces/\(workspaceID)/acl")

            var problems: [String] = []
            for (method, template, reply) in exchanges { problems += Self.check(method, template, reply) }
            #expect(problems.isEmpty, "\(problems.joined(separator: "\n"))")
            #expect(exchanges.count == 24)

            // Errors use codersdk.Response.
            let error = try await server.request(
                .POST, "/users", token: token, body: ["username": "bad name", "email": "x@example.com"])
            let errorProblems = Self.problems(
                try JSONValue.parse(error.body), ["$ref": "#/definitions/codersdk.Response"], at: "error")
            #expect(errorProblems.isEmpty, "\(errorProblems)")
        }
    }

    @Test(.enabled(if: spec != nil, "SKIPPED: ../shared/coder-api/swagger.json is absent"))
    func theCheckerCatchesWrongTypes() throws {
        let wrong = try JSONValue.parse(Data(#"{"id": 1, "username": "a", "email": "e", "created_at": true}"#.utf8))
        let problems = Self.problems(wrong, ["$ref": "#/definitions/codersdk.User"], at: "user")
        #expect(problems.count == 2)
        let missing = try JSONValue.parse(Data(#"{"username": "a"}"#.utf8))
        #expect(Self.problems(missing, ["$ref": "#/definitions/codersdk.User"], at: "user").count == 3)
    }
}
