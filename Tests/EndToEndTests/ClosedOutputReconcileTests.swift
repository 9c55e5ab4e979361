import AtriumServer
import AtriumTestSupport
import Foundation
import Testing

/// An apply whose output has no reader: the changes are made and the run says so by its exit
/// status, never reporting failure for changes that were made.
@Suite struct ClosedOutputReconcileTests {
    @Test func anApplyWithAClosedStdoutSucceeds() async throws {
        try await withHarness { h in
            try await h.commit(["ws.yaml": Docs.workspace("alice", "api", spec: "  sharing: {users: {bob: use}}")])
            let result = try await ClosedOutput.run(
                "closed-pipe", Binary.executable.path,
                ["reconcile", "--server", h.server.baseURL, "--auto-approve", "--format", "json"], in: h.repo,
                environment: ["ATRIUM_TOKEN": h.token])
            #expect(result.status == 0, "\(result.stderr)")
            #expect(!result.stderr.contains("Fatal error"), "\(result.stderr)")
            #expect(try await h.sharing("alice", "api") == ["user:bob=use"])
        }
    }
}
