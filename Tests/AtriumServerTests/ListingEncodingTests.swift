import AtriumCore
import Foundation
import Hummingbird
import Testing

@testable import AtriumServer

/// The listings written by JSONWriter say what Foundation's encoder writes for the same values
/// (the same members, values and escapes; Foundation's member order varies from run to run), with
/// the strings that need escaping and the members that are sometimes absent.
@Suite struct ListingEncodingTests {
    static let awkward = [
        "plain", "quote \" and back\\slash", "line\nbreak\ttab\r\u{08}\u{0C}", "control \u{01}\u{1F}",
        "path/with/slashes", "émoji 🚀 ünïcode", "",
    ]

    static func user(_ index: Int) -> UserRecord {
        let text = awkward[index % awkward.count]
        return UserRecord(
            id: "00000000-0000-4000-8000-00000000000\(index % 10)", username: "user\(index)", email: "u\(index)@x.test",
            name: text,
            siteAdmin: index.isMultiple(of: 3), status: "active", createdAt: "2026-11-22T08:00:00.000001Z",
            updatedAt: "2026-11-22T08:00:00.000002Z")
    }

    static func workspace(_ index: Int) -> WorkspaceRecord {
        let text = awkward[index % awkward.count]
        let template = TemplateRecord(
            id: "t\(index)", organizationID: "o", organizationName: "default", organizationDisplayName: text,
            name: "go-dev", displayName: text,
            description: text, parameters: ["region"], activeVersionID: "v", createdByID: "c", createdByName: text,
            createdAt: "a", updatedAt: "b")
        let group = GroupRecord(
            id: "g\(index)", organizationID: "o", organizationName: "default", organizationDisplayName: "Default",
            name: "qa", displayName: text,
            createdAt: "a", members: [user(index + 1)])
        return WorkspaceRecord(
            id: "w\(index)", name: "ws-\(index)", organizationID: "o", organizationName: "default", owner: user(index),
            template: template,
            parameters: ["region": text], admission: index.isMultiple(of: 2) ? "everyone" : "owner", createdAt: "a",
            updatedAt: "b",
            users: index.isMultiple(of: 3) ? [] : [.init(user: user(index + 2), role: "use")],
            groups: index.isMultiple(of: 4) ? [.init(group: group, role: "admin")] : [])
    }

    func written(_ value: some JSONWritable) -> String {
        var writer = JSONWriter()
        value.write(to: &writer)
        return String(decoding: writer.bytes, as: UTF8.self)
    }

    /// Both texts parse to equal values, and every escaped string reads the same in both.
    func same(_ written: String, _ foundation: String) throws -> Bool {
        let mine = try JSONSerialization.jsonObject(with: Data(written.utf8)) as? NSDictionary
        let theirs = try JSONSerialization.jsonObject(with: Data(foundation.utf8)) as? NSDictionary
        return mine != nil && mine == theirs
    }

    @Test func workspaceListingMatchesFoundation() throws {
        let listing = WorkspacesResponseJSON(
            workspaces: (0..<14).map { WorkspaceJSON(Self.workspace($0), baseURL: "http://127.0.0.1:7080") }, count: 14)
        #expect(
            listing.workspaces.contains { $0.sharedWith == nil } && listing.workspaces.contains { $0.sharedWith != nil }
        )
        #expect(
            listing.workspaces.contains { $0.shareUrl == nil } && listing.workspaces.contains { $0.shareUrl != nil })
        let foundation = String(decoding: try SnakeCaseJSONEncoder.plainEncoder.encode(listing), as: UTF8.self)
        #expect(try same(written(listing), foundation))
        #expect(
            written(listing).hasPrefix(#"{"workspaces":[{"id":"w0","name":"ws-0","created_at""#),
            "members in Coder's order")
        for text in Self.awkward {
            #expect(
                written(listing).contains(
                    String(decoding: try JSONEncoder().encode(text), as: UTF8.self).replacingOccurrences(
                        of: "\\/", with: "/")))
        }
        #expect(written(WorkspacesResponseJSON(workspaces: [], count: 0)) == #"{"workspaces":[],"count":0}"#)
    }

    @Test func userListingMatchesFoundation() throws {
        let users = (0..<14).map { index in
            UserJSON(
                Self.user(index), organizationIDs: index.isMultiple(of: 5) ? [] : ["o1", "o2"],
                isServiceAccount: index.isMultiple(of: 4))
        }
        #expect(users.contains { $0.roles.isEmpty } && users.contains { !$0.roles.isEmpty })
        let listing = UsersResponseJSON(users: users, count: 99)
        let foundation = String(decoding: try SnakeCaseJSONEncoder.encoder.encode(listing), as: UTF8.self)
        #expect(try same(written(listing), foundation))
    }

    @Test func workspaceACLMatchesFoundation() throws {
        let grants = (0..<14).map(Self.workspace).reduce(
            into: (users: [WorkspaceRecord.UserGrant](), groups: [WorkspaceRecord.GroupGrant]())
        ) {
            $0.users += $1.users
            $0.groups += $1.groups
        }
        var workspace = Self.workspace(1)
        (workspace.users, workspace.groups) = grants
        let acl = WorkspaceACLJSON(workspace)
        #expect(acl.users.count > 5 && acl.group.count > 2 && acl.group.allSatisfy { !$0.group.members.isEmpty })
        let foundation = String(decoding: try SnakeCaseJSONEncoder.encoder.encode(acl), as: UTF8.self)
        #expect(try same(written(acl), foundation))
        #expect(written(WorkspaceACLJSON(users: [], group: [])) == #"{"users":[],"group":[]}"#)
    }

    @Test func groupListingMatchesFoundation() throws {
        let groups = (0..<6).map { index in
            var group = Self.workspace(index * 4).groups.first?.group
            group?.name = "group-\(index)"
            return group
        }.compactMap { $0 }.map(GroupJSON.init)
        #expect(groups.count > 1)
        let listing = GroupListJSON(groups: groups)
        let foundation = String(decoding: try SnakeCaseJSONEncoder.encoder.encode(listing), as: UTF8.self)
        let mine = try JSONSerialization.jsonObject(with: Data(written(listing).utf8)) as? NSArray
        let theirs = try JSONSerialization.jsonObject(with: Data(foundation.utf8)) as? NSArray
        #expect(mine != nil && mine == theirs)
        #expect(written(GroupListJSON(groups: [])) == "[]")
    }

    @Test func portSharesAndParametersMatchFoundation() throws {
        let shares = PortSharesJSON(
            shares: Self.awkward.enumerated().map { index, text in
                PortShareJSON(
                    workspaceId: "w\(index)", agentName: text, port: 8000 + index, shareLevel: "authenticated",
                    protocol: index.isMultiple(of: 2) ? "http" : "https")
            })
        let foundation = String(decoding: try SnakeCaseJSONEncoder.encoder.encode(shares), as: UTF8.self)
        #expect(try same(written(shares), foundation))
        #expect(written(PortSharesJSON(shares: [])) == #"{"shares":[]}"#)

        let parameters = BuildParametersJSON(
            parameters: Self.awkward.map { WorkspaceBuildParameterJSON(name: "p-\($0)", value: $0) })
        let theirs = String(decoding: try SnakeCaseJSONEncoder.encoder.encode(parameters), as: UTF8.self)
        let mine = try JSONSerialization.jsonObject(with: Data(written(parameters).utf8)) as? NSArray
        let foundationArray = try JSONSerialization.jsonObject(with: Data(theirs.utf8)) as? NSArray
        #expect(mine != nil && mine == foundationArray)
        #expect(written(BuildParametersJSON(parameters: [])) == "[]")
    }
}
