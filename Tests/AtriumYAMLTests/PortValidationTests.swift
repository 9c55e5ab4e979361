import AtriumTestSupport
import AtriumYAML
import Foundation
import Testing

@testable import AtriumCore

/// `sharing.ports` read from YAML: Coder's rules and the policy, each finding at the line and
/// column it is about.
@Suite struct PortValidationTests {
    static let now = Timestamp.parse("2026-11-21T12:00:00Z")!

    func load(_ files: [String: String]) -> LoadResult {
        let sources = files.sorted { $0.key < $1.key }.map { SourceFile(path: $0.key, bytes: Array($0.value.utf8)) }
        return DesiredStateLoader.load(
            SourceSnapshot(commit: "c0ffee", isWorktree: false, files: sources, refused: []), now: Self.now)
    }

    func errors(_ diagnostics: [Diagnostic]) -> [String] {
        diagnostics.filter { $0.severity == .error }.map {
            "\($0.location.map { "\($0.line):\($0.column)" } ?? "-") \($0.message)"
        }
    }

    @Test func validationAppliesCodersRulesAndThePolicy() {
        let ports = """
              sharing:
                ports:
                  - {port: 8080, level: public}
                  - {port: 8, level: authenticated}
                  - {port: 3000, level: owner}
                  - {port: 4000, level: organization}
                  - {port: 4000, level: authenticated, protocol: https}
            """
        let result = load(["w.yaml": workspaceYAML("api", extra: ports)])
        let found = errors(result.diagnostics)
        #expect(
            found.contains { $0.hasPrefix("8:29 port 8080 of `alice/api` is shared `public`, wider than") }, "\(found)")
        #expect(found.contains { $0.contains("port 8 of `alice/api` is not one Coder shares") }, "\(found)")
        #expect(found.contains { $0.contains("`owner` does not share port 3000") }, "\(found)")
        #expect(found.contains { $0.contains("declares port 4000 twice") }, "\(found)")
        let raised = load([
            "w.yaml": workspaceYAML("api", extra: "  sharing: {ports: [{port: 8080, level: public}]}"),
            "atrium.yaml": "apiVersion: atrium/v1\nkind: Config\npolicy: {maxPortShareLevel: public}\n",
        ])
        #expect(errors(raised.diagnostics).isEmpty, "\(raised.diagnostics)")
    }
}
