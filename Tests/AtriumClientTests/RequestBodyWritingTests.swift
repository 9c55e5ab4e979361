import Foundation
import Testing

@testable import AtriumClient

/// The request bodies JSONWriter writes say what ServerClient's encoder says for the same values:
/// the same members and escapes, keys in sorted order.
@Suite struct RequestBodyWritingTests {
    static let awkward = [
        "plain", "quote \" and back\\slash", "line\nbreak\ttab\r\u{08}\u{0C}", "control \u{01}\u{1F}",
        "path/with/slashes", "émoji 🚀 ünïcode", "",
    ]

    func same(_ body: some JSONWritableBody) throws -> Bool {
        let mine = try JSONSerialization.jsonObject(with: body.json) as? NSDictionary
        let theirs = try JSONSerialization.jsonObject(with: ServerClient.encoder.encode(body)) as? NSDictionary
        return mine != nil && mine == theirs
    }

    @Test func createBodies() throws {
        for (index, text) in Self.awkward.enumerated() {
            let parameters = (0..<index).map { CreateWorkspaceBody.Parameter(name: "p\($0)", value: Self.awkward[$0]) }
            let body = CreateWorkspaceBody(name: "ws-\(index)", templateId: text, richParameterValues: parameters)
            #expect(try same(body), "\(text)")
        }
        let body = CreateWorkspaceBody(
            name: "api", templateId: "t", richParameterValues: [.init(name: "region", value: "eu")])
        #expect(
            String(decoding: body.json, as: UTF8.self)
                == #"{"name":"api","rich_parameter_values":[{"name":"region","value":"eu"}],"template_id":"t"}"#)
    }

    @Test func aclBodies() throws {
        let users = Dictionary(
            uniqueKeysWithValues: Self.awkward.enumerated().map {
                ("user-\($0.offset)-\($0.element)", $0.offset.isMultiple(of: 2) ? "use" : "")
            })
        let body = UpdateACLBody(userRoles: users, groupRoles: ["b": "admin", "a": "use"])
        #expect(try same(body))
        #expect(
            String(decoding: UpdateACLBody(userRoles: ["z": "", "y": "admin"], groupRoles: [:]).json, as: UTF8.self)
                == #"{"group_roles":{},"user_roles":{"y":"admin","z":""}}"#)
    }
}
