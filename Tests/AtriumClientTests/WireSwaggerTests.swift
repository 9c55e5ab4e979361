import Foundation
import Testing

@testable import AtriumClient

/// Each wire type read from a document made from Coder's own definition of it in
/// `../shared/coder-api/swagger.json` (every property present, with a value of its type): what
/// the client reads is what the document holds, and nothing Coder sends besides is an error. The
/// spec is data beside the project; without it (a user's fresh clone) the test is skipped.
@Suite struct WireSwaggerTests {
    static let specURL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("shared/coder-api/swagger.json")

    // nonisolated(unsafe): parsed once, never mutated; JSONSerialization values are not Sendable.
    nonisolated(unsafe) static let definitions: [String: Any]? = {
        guard let data = try? Data(contentsOf: specURL),
            let spec = try? JSONSerialization.jsonObject(with: data) as? [String: Any]
        else { return nil }
        return spec["definitions"] as? [String: Any]
    }()

    /// A value for `schema`: every property of an object, one element in an array; strings are
    /// their property's name (so a test can tell which field was read), UUIDs and times valid.
    /// (A definition that contains itself is `null` the second time: `path` holds those above.)
    static func example(_ schema: [String: Any], name: String, path: Set<String> = []) -> Any {
        if let reference = schema["$ref"] as? String {
            let key = String(reference.dropFirst("#/definitions/".count))
            guard !path.contains(key), let target = definitions?[key] as? [String: Any] else { return NSNull() }
            return example(target, name: name, path: path.union([key]))
        }
        if let values = schema["enum"] as? [Any], let first = values.first { return first }
        switch schema["type"] as? String {
        case "string"?:
            switch schema["format"] as? String {
            case "uuid"?: return "00000000-0000-4000-8000-\(String(format: "%012d", abs(name.hashValue) % 1_000_000))"
            case "date-time"?: return "2026-12-01T00:00:00Z"
            default: return "the-\(name)"
            }
        case "integer"?: return 7
        case "number"?: return 1.5
        case "boolean"?: return true
        case "array"?: return [example(schema["items"] as? [String: Any] ?? [:], name: name, path: path)]
        default:
            let properties = schema["properties"] as? [String: Any] ?? [:]
            var object: [String: Any] = [:]
            for (key, value) in properties {
                object[key] = example(value as? [String: Any] ?? [:], name: key, path: path)
            }
            return object
        }
    }

    static func document(_ definition: String) throws -> (Data, [String: Any]) {
        let schema = try #require(definitions?[definition] as? [String: Any], "\(definition) is in the spec")
        let object = try #require(example(schema, name: definition) as? [String: Any])
        return (try JSONSerialization.data(withJSONObject: object), object)
    }

    @Test(.enabled(if: definitions != nil, "SKIPPED: ../shared/coder-api/swagger.json is absent"))
    func everyWireTypeReadsCodersOwnShape() throws {
        let (workspaces, page) = try Self.document("codersdk.WorkspacesResponse")
        let read = try ServerClient.decode(WorkspacesPageResponse.self, from: workspaces)
        let first = try #require((page["workspaces"] as? [[String: Any]])?.first)
        #expect(read.count == 7 && read.workspaces.count == 1)
        #expect(read.workspaces[0].id == first["id"] as? String)
        #expect(
            read.workspaces[0].ownerName == "the-owner_name" && read.workspaces[0].templateName == "the-template_name")
        #expect(read.workspaces[0].latestBuild?.id == (first["latest_build"] as? [String: Any])?["id"] as? String)
        #expect(read.workspaces[0].latestBuild?.agentNames == ["the-name"])
        let actor = try #require(read.workspaces[0].sharedWith?.first, "Coder's shared_with is read")
        #expect(actor.name == "the-name" && actor.roles.count == 1)

        let (users, _) = try Self.document("codersdk.GetUsersResponse")
        let readUsers = try ServerClient.decode(UsersPageResponse.self, from: users)
        #expect(readUsers.count == 7 && readUsers.users.map(\.username) == ["the-username"])

        let (group, groupObject) = try Self.document("codersdk.Group")
        let readGroup = try ServerClient.decode(GroupResponse.self, from: group)
        #expect(readGroup.id == groupObject["id"] as? String && readGroup.name == "the-name")
        #expect(readGroup.displayName == "the-display_name" && readGroup.members?.map(\.username) == ["the-username"])
        #expect(readGroup.source == (groupObject["source"] as? String))
        let list = try ServerClient.decode(
            GroupListResponse.self, from: Data("[\(String(decoding: group, as: UTF8.self))]".utf8))
        #expect(list.groups.map(\.name) == ["the-name"])

        let (shares, _) = try Self.document("codersdk.WorkspaceAgentPortShares")
        let readShares = try #require(try ServerClient.decode(PortSharesResponse.self, from: shares).shares)
        #expect(readShares.count == 1 && readShares[0].agentName == "the-agent_name" && readShares[0].port == 7)
        #expect(readShares[0].shareLevel == "owner" && readShares[0].protocol == "http", "the enums' first values")
        #expect(try ServerClient.decode(PortSharesResponse.self, from: Data(#"{"shares":null}"#.utf8)).shares == nil)

        let (parameter, _) = try Self.document("codersdk.WorkspaceBuildParameter")
        let parameters = try ServerClient.decode(
            BuildParametersResponse.self, from: Data("[\(String(decoding: parameter, as: UTF8.self))]".utf8))
        #expect(parameters.parameters == [.init(name: "the-name", value: "the-value")])

        let (user, userObject) = try Self.document("codersdk.User")
        let readUser = try ServerClient.decode(UserResponse.self, from: user)
        #expect(readUser.id == userObject["id"] as? String && readUser.username == "the-username")
    }
}
