import AtriumCore
import AtriumYAML
import Foundation
import Testing

/// The first pass that finds the server before the full load (`DesiredStateLoader.serverSettings`),
/// so that a reconcile reads the live state while the rest is parsed.
@Suite struct ServerSettingsTests {
    func snapshot(_ files: [(String, String)]) -> SourceSnapshot {
        SourceSnapshot(
            commit: "abc", isWorktree: false, files: files.map { SourceFile(path: $0.0, bytes: Array($0.1.utf8)) },
            refused: [])
    }

    static let workspace =
        "apiVersion: atrium/v1\nkind: Workspace\nmetadata: {name: api, owner: alice}\nspec: {template: go-dev}\n"

    @Test func findsTheConfigAmongTheOtherFilesAsTheFullLoadDoes() {
        let config =
            "apiVersion: atrium/v1\nkind: Config\nserver: {url: https://coder.example.com, organization: "
            + "platform, tokenEnv: CODER_TOKEN}\n"
        let state = snapshot([("a.yaml", Self.workspace), ("atrium.yaml", config), ("b.yaml", Self.workspace)])
        let guess = DesiredStateLoader.serverSettings(in: state)
        #expect(
            guess == Config.Server(url: "https://coder.example.com", organization: "platform", tokenEnv: "CODER_TOKEN"))
        #expect(guess == DesiredStateLoader.load(state, now: .distantPast).state.config.server)
    }

    @Test func aConfigInAFileWithOtherDocumentsIsFoundToo() {
        let text = Self.workspace + "---\napiVersion: atrium/v1\nkind: Config\nserver: {organization: data}\n"
        #expect(DesiredStateLoader.serverSettings(in: snapshot([("all.yaml", text)])).organization == "data")
    }

    @Test func withoutAConfigTheDefaultsAreTheGuess() {
        #expect(DesiredStateLoader.serverSettings(in: snapshot([("a.yaml", Self.workspace)])) == Config.Server())
        #expect(DesiredStateLoader.serverSettings(in: snapshot([])) == Config.Server())
    }

    /// A `kind` spelt with a YAML escape is missed by the first pass: the guess is the defaults,
    /// and only the full load sees the Config (the reconciler compares the two).
    @Test func anEscapedKindIsMissedAndTheFullLoadDisagrees() {
        let config = "apiVersion: atrium/v1\nkind: \"\\x43onfig\"\nserver: {organization: data}\n"
        let state = snapshot([("atrium.yaml", config)])
        #expect(DesiredStateLoader.serverSettings(in: state) == Config.Server())
        #expect(DesiredStateLoader.load(state, now: .distantPast).state.config.server.organization == "data")
    }

    @Test func filesThatCannotBeParsedAreSkipped() {
        let broken = "kind: Config\nserver: [unclosed\n"
        #expect(DesiredStateLoader.serverSettings(in: snapshot([("broken.yaml", broken)])) == Config.Server())
    }
}
