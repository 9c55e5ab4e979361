import Foundation
import Testing

@testable import AtriumCore

/// Rules of the pure core, tested without any C library: subjects, the scope rule, placeholders,
/// percent-encoding and digests.
@Suite struct CoreRulesTests {
    @Test func subjectsAreEncodedAsTheirNameAndReadBack() throws {
        let subjects: [Subject] = [.user("alice"), .group("qa")]
        let json = String(decoding: try JSONEncoder().encode(subjects), as: UTF8.self)
        #expect(json == #"["user:alice","group:qa"]"#)
        #expect(try JSONDecoder().decode([Subject].self, from: Data(json.utf8)) == subjects)
        #expect(Subject("user:") == nil && Subject("team:x") == nil && Subject("alice") == nil)
        #expect(throws: DecodingError.self) {
            try JSONDecoder().decode([Subject].self, from: Data(#"["link:everyone"]"#.utf8))
        }
    }

    @Test func theScopeGovernsDeclaredWorkspacesAndWhatItNames() {
        let mine = LiveState.Workspace(id: "1", owner: "alice", name: "api", template: "go-dev")
        let other = LiveState.Workspace(id: "2", owner: "bob", name: "web", template: "python-dev")
        let declared: Set<WorkspaceID> = [WorkspaceID(owner: "alice", name: "api")]
        #expect(Config.Scope.declared.governs(mine, declared: declared))
        #expect(!Config.Scope.declared.governs(other, declared: declared))
        #expect(Config.Scope.all.governs(other, declared: declared))
        #expect(Config.Scope.filter(owners: ["bob"], templates: []).governs(other, declared: []))
        #expect(Config.Scope.filter(owners: [], templates: ["python-dev"]).governs(other, declared: []))
        #expect(!Config.Scope.filter(owners: ["carol"], templates: ["go-dev"]).governs(other, declared: []))
    }

    @Test func placeholdersAreFoundAndSubstitutedWhateverTheirSpacing() {
        #expect(Placeholder.scan("{{a}}-{{ b }}-{{  c\t}}") == [.name("a"), .name("b"), .name("c")])
        #expect(Placeholder.substitute("{{a}}-{{ b }}-{{  c\t}}", ["a": "1", "b": "2", "c": "3"]) == "1-2-3")
        #expect(Placeholder.substitute("x{{ missing }}y", [:]) == "xy")
        #expect(Placeholder.scan("{{ two words }}") == [.malformed(0)])
        #expect(Placeholder.substitute("{{ two words }}", [:]) == "{{ two words }}")
        #expect(Placeholder.scan("open {{a") == [.malformed(5)])
        #expect(Placeholder.substitute("open {{a", ["a": "1"]) == "open {{a")
    }

    @Test func percentEncodingLeavesOnlyUnreservedCharacters() {
        #expect(URLEncoding.queryValue("owner:alice template:go-dev") == "owner%3Aalice%20template%3Ago-dev")
        #expect(URLEncoding.pathSegment("a/b?c#d") == "a%2Fb%3Fc%23d")
        #expect(URLEncoding.fragmentURL("https://x.example/a b?c") == "https://x.example/a%20b%3Fc")
        // Byte for byte what Foundation's addingPercentEncoding writes, whatever the text.
        let unreserved = CharacterSet(
            charactersIn: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~")
        let texts = [
            "", "plain-Text_0.9~", "émoji 🚀 ünïcode", "100% \"quoted\" & <tagged>", "tab\tnew\nline\u{01}\u{7F}",
            String((0..<128).map { Character(Unicode.Scalar(UInt8($0))) }),
        ]
        for text in texts {
            #expect(
                URLEncoding.pathSegment(text) == text.addingPercentEncoding(withAllowedCharacters: unreserved),
                "\(text)")
            #expect(
                URLEncoding.fragmentURL(text)
                    == text.addingPercentEncoding(
                        withAllowedCharacters: unreserved.union(CharacterSet(charactersIn: ":/@!$'()*+,;="))))
        }
    }

    @Test func sha256MatchesTheStandardsVectors() {
        #expect(Hex.sha256("") == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        #expect(Hex.sha256("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        #expect(Hex.encode([0x00, 0x0f, 0xa0, 0xff]) == "000fa0ff")
    }

    @Test func savedPlansRoundTripAndRefuseOtherFormats() throws {
        let plan = Plan(
            commit: "c0ffee", server: "http://server", organization: "default", now: Date(timeIntervalSince1970: 0),
            liveFingerprint: "f",
            actions: [
                PlanAction(
                    .grant(WorkspaceID(owner: "alice", name: "api"), .group("qa"), .use), reason: "declared in git")
            ],
            drift: [], snapshots: [])
        let data = try SavedPlan.encode(plan)
        let read = try SavedPlan.decode(data)
        #expect(read.actions == plan.actions && read.commit == plan.commit)
        let other = String(decoding: data, as: UTF8.self).replacingOccurrences(
            of: "\"format_version\" : 1", with: "\"format_version\" : 9")
        #expect(throws: SavedPlan.ReadError.self) { try SavedPlan.decode(Data(other.utf8)) }
        #expect(throws: SavedPlan.ReadError.self) { try SavedPlan.decode(Data("{}".utf8)) }
    }

    @Test func removalLimitsAreCountsOrSharesAndTheDefaultHasAFloor() {
        #expect(RemovalLimit.standard.allowed(grants: 8) == 10, "small repositories are not blocked")
        #expect(RemovalLimit.standard.allowed(grants: 400) == 100)
        #expect(RemovalLimit("25%")?.allowed(grants: 8) == 2, "an explicit limit is exact")
        #expect(RemovalLimit("0")?.allowed(grants: 1000) == 0)
        #expect(RemovalLimit("100%")?.allowed(grants: 7) == 7)
        #expect(RemovalLimit("101%") == nil && RemovalLimit("-1") == nil && RemovalLimit("many") == nil)
        #expect(Removals(count: 11, grants: 40, limit: .standard).exceeded)
        #expect(!Removals(count: 10, grants: 40, limit: .standard).exceeded)
    }
}
