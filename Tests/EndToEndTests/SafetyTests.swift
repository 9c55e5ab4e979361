import AtriumTestSupport
import Foundation
import Testing

/// Reconcile is safe by default: what git closes is closed, mass removals are refused, applies
/// are confirmed, saved plans cannot be edited, secrets stay secret.
@Suite struct SafetyTests {
    @Test func removingLinkEveryoneClosesTheLink() async throws {
        try await withHarness { h in
            try await h.commit([
                "atrium.yaml": Docs.config(),
                "ws.yaml": Docs.workspace("alice", "existing", spec: "  sharing: {users: {bob: use}, link: everyone}"),
            ])
            #expect(try await h.reconcile([]).status == 0)
            #expect(try await h.workspace("alice", "existing")?.admission == "everyone")

            // The pull request deletes the `link: everyone` line.
            try await h.commit(["ws.yaml": Docs.workspace("alice", "existing", spec: "  sharing: {users: {bob: use}}")])
            let dry = try await h.reconcile(["--dry-run", "--detailed-exitcode"])
            #expect(dry.status == 2, "an open link git closed is a change: \(dry.stdout)")
            #expect(dry.stdout.contains("~ link sharing everyone → owner"), "\(dry.stdout)")
            let show = try await Binary.atrium(["show", "alice/existing", "--server", h.server.baseURL], in: h.repo, environment: ["ATRIUM_TOKEN": h.token, "NO_COLOR": "1"])
            #expect(show.stdout.contains("link sharing: git owner, server everyone"), "\(show.stdout)")
            #expect(try await h.reconcile([]).status == 0)
            #expect(try await h.workspace("alice", "existing")?.admission == "owner")
            #expect(try await h.reconcile(["--dry-run", "--detailed-exitcode"]).status == 0)
        }
    }
}
