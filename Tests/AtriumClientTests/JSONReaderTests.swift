import Foundation
import Testing

@testable import AtriumClient

/// The listings are read by JSONReader, their one codec: what the client reads comes out whatever
/// else the server sends around it; malformed text is an error, never a crash.
@Suite struct JSONReaderTests {
    static let page = #"""
        { "count" : 3, "extra": {"nested": [1, -2.5e3, true, false, null, {"a": "b\"c"}]},
          "workspaces": [
            {"id": "w1", "name": "api", "owner_name": "alice", "template_name": "go-dev", "latest_build": {"id": "b1", "resources": [], "n": 7},
             "health": {"healthy": true, "failing_agents": []}, "admission": "everyone", "share_url": "http:\/\/x.test\/@alice\/api",
             "shared_with": [{"id": "u1", "actor_type": "user", "name": "Bob \"the\" Builder \u00e9 \ud83d\ude80", "avatar_url": "", "roles": ["use"]},
                             {"id": "g1", "actor_type": "group", "name": "qa\\ops\n\t", "roles": ["admin"]}]},
            {"\u0069d": "w2", "name": "quiet", "owner_name": "bob", "template_name": "go-dev", "latest_build": null, "admission": null, "shared_with": null},
            {"name": "bare", "owner_name": "carol", "template_name": "t", "id": "w3", "daily_cost": 0}
          ] }
        """#

    static let users =
        #"{"users":[{"id":"u1","username":"alice","email":"a@x.test","roles":[{"name":"owner"}],"is_service_account":false},{"username":"b\u00f6b","id":"u2"}],"count":2}"#

    @Test func listingsAreReadWithWhateverElseTheServerSends() throws {
        let read = try ServerClient.decode(WorkspacesPageResponse.self, from: Data(Self.page.utf8))
        #expect(read.count == 3)
        #expect(read.workspaces.map(\.id) == ["w1", "w2", "w3"])
        #expect(read.workspaces.map(\.ownerName) == ["alice", "bob", "carol"])
        #expect(read.workspaces[0].sharedWith?.first?.name == "Bob \"the\" Builder é 🚀")
        #expect(read.workspaces[0].sharedWith?.map(\.actorType) == ["user", "group"])
        #expect(read.workspaces[0].sharedWith?.last?.name == "qa\\ops\n\t")
        #expect(read.workspaces[0].sharedWith?.last?.roles == ["admin"])
        #expect(read.workspaces[0].shareUrl == "http://x.test/@alice/api" && read.workspaces[0].admission == "everyone")
        #expect(read.workspaces[0].latestBuild?.id == "b1" && read.workspaces[0].latestBuild?.agentNames == [])
        #expect(read.workspaces[1].sharedWith == nil && read.workspaces[1].latestBuild == nil)
        #expect(read.workspaces[1].admission == nil)
        let users = try ServerClient.decode(UsersPageResponse.self, from: Data(Self.users.utf8))
        #expect(users.count == 2 && users.users.map(\.username) == ["alice", "böb"])
        #expect(users.users.map(\.id) == ["u1", "u2"])
        let readGroups = try ServerClient.decode(GroupListResponse.self, from: Data(Self.groups.utf8))
        #expect(readGroups.groups.map { $0.members?.map(\.username) ?? ["nil"] } == [["alice", "bö"], ["nil"]])
        #expect(
            readGroups.groups.map(\.displayName) == ["QA", nil] && readGroups.groups.map(\.source) == ["user", nil])
    }

    static let groups = #"""
        [{"id": "g1", "name": "qa", "display_name": "QA", "organization_id": "o", "source": "user", "total_member_count": 2,
          "members": [{"id": "u1", "username": "alice", "email": "a@x.test", "avatar_url": ""}, {"username": "b\u00f6", "id": "u2"}]},
         {"id": "g2", "name": "Everyone", "display_name": null, "members": null, "quota_allowance": 0}]
        """#

    @Test func malformedTextIsAnErrorNeverACrash() throws {
        let whole = Array(Self.page.utf8)
        for length in 0..<whole.count where !whole[..<length].allSatisfy({ $0 == 0x20 || $0 == 0x0A }) {
            #expect(throws: (any Error).self, "prefix of \(length) bytes") {
                try ServerClient.decode(WorkspacesPageResponse.self, from: Data(whole[..<length]))
            }
        }
        for text in [
            #"{"count": "3", "workspaces": []}"#, #"{"workspaces": []}"#, #"{"count": 1, "workspaces": [{"id": 5}]}"#,
            #"{"count": 1, "workspaces": [{"id": "w", "name": "n", "owner_name": "o"}]}"#,
            #"{"count": 0, "workspaces": []} trailing"#,
            #"{"count": 1, "workspaces": [{"id": "\q", "name": "n", "owner_name": "o", "template_name": "t"}]}"#,
            #"{"count": 1, "workspaces": [{"id": "\ud800", "name": "n", "owner_name": "o", "template_name": "t"}]}"#,
            #"{"count": 0 "workspaces": []}"#,
        ] {
            #expect(throws: (any Error).self, "\(text)") {
                try ServerClient.decode(WorkspacesPageResponse.self, from: Data(text.utf8))
            }
        }
    }
}
