import Foundation
import Testing

@testable import AtriumServer

/// The quick reader of hot request bodies reads what the full decoder reads, and declines (so
/// that the full decoder answers, with its errors) everything but the plain shape.
@Suite struct QuickDecodableTests {
    func quick<T: QuickDecodable>(_ type: T.Type, _ text: String) -> T? {
        T(quick: Array(text.utf8))
    }

    func foundation<T: Decodable>(_ type: T.Type, _ text: String) -> T? {
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        return try? decoder.decode(T.self, from: Data(text.utf8))
    }

    @Test(arguments: [
        #"{"user_roles": {"5f0c8a2e-0000-4000-8000-000000000001": "use"}, "group_roles": {"5f0c8a2e-0000-4000-8000-000000000002": ""}}"#,
        #"  {"user_roles":{},"group_roles":null}  "#,
        #"{"group_roles": {"a": "admin", "b": "use", "c": ""}}"#,
        "{\n\t\"user_roles\" : { \"é-ünï 🚀\" : \"use\" }\r\n}",
        #"{}"#,
        #"{"user_roles": {"\u0061\n": "use"}}"#,
    ])
    func aclBodiesReadAsTheDecoderReadsThem(text: String) throws {
        let mine = try #require(quick(UpdateWorkspaceACLRequest.self, text))
        let theirs = try #require(foundation(UpdateWorkspaceACLRequest.self, text))
        #expect(mine.userRoles == theirs.userRoles && mine.groupRoles == theirs.groupRoles)
    }

    @Test func createBodiesReadAsTheDecoderReadsThem() throws {
        let text =
            #"{"name": "api", "template_id": "t1", "rich_parameter_values": [{"name": "region", "value": "eu"}, {"value": "8", "name": "cpus"}]}"#
        let mine = try #require(quick(CreateWorkspaceRequest.self, text))
        let theirs = try #require(foundation(CreateWorkspaceRequest.self, text))
        #expect(mine.name == theirs.name && mine.templateId == theirs.templateId && mine.templateVersionId == nil)
        #expect(mine.richParameterValues?.map { "\($0.name)=\($0.value)" } == ["region=eu", "cpus=8"])
        #expect(theirs.richParameterValues?.map { "\($0.name)=\($0.value)" } == ["region=eu", "cpus=8"])
        #expect(
            quick(CreateWorkspaceRequest.self, #"{"name": "api", "template_version_id": "v"}"#)?.templateVersionId
                == "v")
    }

    @Test(arguments: [
        #"{"user_roles": {"a": "use"}, "user_roles": {"b": "use"}}"#,  // a repeated key
        #"{"user_roles": {"a": "use", "a": ""}}"#,
        #"{"user_roles": {"a": 1}}"#,  // a number
        #"{"user_roles": {"a": true}}"#,
        #"{"roles": {}}"#,  // an unknown field
        #"{"USER_ROLES": {}}"#,
        #"{"user_roles": {"a": "use"}} trailing"#,
        #"{"user_roles": {"a": "use"}"#,
        #"[]"#,
        "",
        "{\"user_roles\": {\"a\": \"tab\there\"}}",  // a raw control character
    ])
    func everythingElseIsLeftToTheFullDecoder(text: String) {
        #expect(quick(UpdateWorkspaceACLRequest.self, text) == nil)
    }

    @Test func badUTF8AndCreateOddities() {
        let bytes: [UInt8] = Array(#"{"user_roles": {""#.utf8) + [0xFF, 0xFE] + Array(#"": "use"}}"#.utf8)
        #expect(UpdateWorkspaceACLRequest(quick: bytes) == nil)
        #expect(
            quick(CreateWorkspaceRequest.self, #"{"template_id": "t"}"#) == nil,
            "no name: the decoder says it is required")
        #expect(quick(CreateWorkspaceRequest.self, #"{"name": "a", "ttl_ms": 3600}"#) == nil)
        #expect(quick(CreateWorkspaceRequest.self, #"{"name": "a", "rich_parameter_values": [{"name": "r"}]}"#) == nil)
        #expect(
            quick(
                CreateWorkspaceRequest.self,
                #"{"name": "a", "rich_parameter_values": [{"name": "r", "value": "v", "x": "y"}]}"#) == nil)
    }
}

/// The server's byte-wise UUID check against Foundation's parse, which it replaces.
@Suite struct UUIDCheckTests {
    @Test func agreesWithFoundation() {
        let valid = UUID().uuidString
        var cases = [valid, valid.lowercased(), "", "not-a-uuid", String(valid.dropLast()), valid + "0", "{\(valid)}"]
        cases += [
            valid.replacingOccurrences(of: "-", with: ""), String(valid.prefix(8)) + "_" + String(valid.dropFirst(9)),
        ]
        cases += [
            "G" + String(valid.dropFirst()), "00000000-0000-0000-0000-00000000000g",
            "aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee", "é" + String(valid.dropFirst(2)),
        ]
        for text in cases {
            #expect(Store.isUUID(text) == (UUID(uuidString: text) != nil), "\(text)")
        }
    }
}
