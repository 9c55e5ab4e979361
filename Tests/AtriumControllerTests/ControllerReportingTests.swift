import AtriumController
import AtriumCore
import AtriumTestSupport
import Foundation
import Testing

/// What the controller reports: dry runs, JSON log lines, a failed fetch that keeps the last
/// good commit, and a mirror with the whole history.
@Suite struct ControllerReportingTests {
    /// --dry-run plans every cycle and changes nothing; --log-format json writes one JSON object
    /// a line with the cycle's commit, result and counts.
    @Test func dryRunReportsAndLogsJSONLines() async throws {
        let fixture = try await ControllerFixture.make()
        defer { fixture.remove() }
        let commit = try await fixture.push([
            "atrium.yaml": ControllerFixture.config("prune: {ports: false}"),
            "ws.yaml": ControllerFixture.workspace("alice", "existing", users: ["bob": "use"]),
            // A campaign past its due date with a decision pending: the status lists it.
            "review.yaml": "apiVersion: atrium/v1\nkind: AccessReview\nmetadata: {name: 2026-q1}\n"
                + "spec: {due: 2026-03-31, reviewers: {alice: [{grant: \"alice/existing user:bob use\", "
                + "decision: pending}]}}\n",
        ])
        try await ServedServer.with(.sqlite, seed: ControllerFixture.seed) { server in
            let result = try await fixture.withController(
                server: server, arguments: ["--dry-run", "--log-format", "json"]
            ) { controller in
                let status = try await controller.waitForStatus("two dry runs") { $0.cycles >= 2 }
                // What the controller did not compare is in its status, never counted as in sync.
                #expect(
                    status.notCompared.map(\.description) == [
                        "port shares of 1 workspace not compared: prune.ports is false"
                    ], "\(status.notCompared)")
                #expect(
                    status.result == .dryRun && status.commit == commit && status.drift == 1
                        && status.changesPlanned == 1 && status.changesApplied == 0)
                #expect(status.dryRun)
                #expect(status.overdueReviews == ["2026-q1"], "\(status.overdueReviews)")
                #expect(try await controller.request("GET", "/readyz").status == 200)
                #expect(try await controller.metrics().contains(#"atrium_reconciles_total{result="dry-run"} "#))
                // The page marks what a dry run leaves: bob's grant, missing on the server.
                let page = try await controller.request("GET", "/")
                #expect(page.text.contains("class=\"use drift\""), "\(page.text.prefix(2000))")
            }
            #expect(try await server.acl("alice", "existing") == [:], "a dry run changes nothing")
            #expect(result.status == 0)
            let cycles = try result.stderr.split(separator: "\n").compactMap { line -> [String: String]? in
                let object = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: String]
                return object?["result"] == nil ? nil : object
            }
            #expect(cycles.count >= 2, "\(result.stderr)")
            let first = try #require(cycles.first)
            #expect(
                first["commit"] == commit && first["result"] == "dry-run" && first["planned"] == "1"
                    && first["level"] == "info")
            #expect(
                first["time"] != nil && first["message"]?.hasPrefix("cycle ") == true
                    && first["duration_seconds"] != nil)
        }
    }

    /// When the remote cannot be fetched, the last good commit is reconciled (drift is still
    /// corrected) and the failure is reported; the mirror keeps the whole history.
    @Test func aFailedFetchKeepsTheLastGoodCommit() async throws {
        let fixture = try await ControllerFixture.make()
        defer { fixture.remove() }
        try await fixture.push(["atrium.yaml": ControllerFixture.config()], message: "one")
        let good = try await fixture.push(
            ["ws.yaml": ControllerFixture.workspace("alice", "existing", users: ["bob": "use"])], message: "two")
        let mirror = fixture.folder.appendingPathComponent("mirror").path
        try await ServedServer.with(.sqlite, seed: ControllerFixture.seed) { server in
            _ = try await fixture.withController(server: server, arguments: ["--checkout-dir", mirror]) { controller in
                try await controller.waitForStatus("the first apply") { $0.commit == good && $0.result == .success }
                let count = try await ChildProcess.tool(
                    ["git", "--git-dir", mirror, "rev-list", "--count", "refs/remotes/origin/main"], in: fixture.folder)
                #expect(count.trimmingCharacters(in: .whitespacesAndNewlines) == "2", "the whole history is fetched")
                #expect(
                    try await ChildProcess.tool(
                        ["git", "--git-dir", mirror, "rev-parse", "--is-bare-repository"], in: fixture.folder
                    ).hasPrefix("true"))

                try FileManager.default.moveItem(
                    at: fixture.remote, to: fixture.folder.appendingPathComponent("gone.git"))
                try await server.patchACL("alice", "existing", users: ["bob": ""])
                let status = try await controller.waitForStatus("the drift corrected from the last good commit") {
                    $0.fetchError != nil && $0.result == .success && $0.changesApplied == 1
                }
                #expect(status.commit == good)
                #expect(
                    status.fetchError?.contains("cannot fetch main from file://") == true, "\(status.fetchError ?? "")")
                #expect(try await server.acl("alice", "existing") == ["bob": "use"])
                #expect(try await controller.metrics().contains("atrium_git_fetch_failures_total"))
            }
        }
    }

    /// A head whose desired state is invalid does not stop drift correction: the last good
    /// commit stays enforced, and the status reports both.
    @Test func anInvalidHeadKeepsTheLastGoodCommitEnforced() async throws {
        let fixture = try await ControllerFixture.make()
        defer { fixture.remove() }
        try await fixture.push(["atrium.yaml": ControllerFixture.config()], message: "one")
        let good = try await fixture.push(
            ["ws.yaml": ControllerFixture.workspace("alice", "existing", users: ["bob": "use"])], message: "two")
        try await ServedServer.with(.sqlite, seed: ControllerFixture.seed) { server in
            _ = try await fixture.withController(server: server, arguments: []) { controller in
                try await controller.waitForStatus("the first apply") { $0.commit == good && $0.result == .success }
                let bad = try await fixture.push(
                    ["ws.yaml": ControllerFixture.workspace("alice", "existing", users: ["bob": "superuser"])],
                    message: "bad")
                try await server.patchACL("alice", "existing", users: ["bob": ""])
                let status = try await controller.waitForStatus("the drift corrected from the last good commit") {
                    $0.headCommit == bad && $0.result == .headInvalid && $0.changesApplied == 1
                }
                #expect(status.commit == good)
                #expect(status.headError?.contains("invalid") == true, "\(status.headError ?? "")")
                #expect(status.headProblem == "invalid" && status.health == .degraded)
                #expect(try await server.acl("alice", "existing") == ["bob": "use"])
                // Not ready while the head is not what is enforced: degraded, with the reason.
                let ready = try await controller.request("GET", "/readyz")
                #expect(ready.status == 503, "\(ready.text)")
                #expect(ready.text.contains("degraded: the head \(bad.prefix(12)) is not applied"), "\(ready.text)")
                #expect(ready.text.contains("unknown role"), "\(ready.text)")
                let metrics = try await controller.metrics()
                #expect(metrics.contains("atrium_head_degraded{reason=\"invalid\"} 1"), "\(metrics)")
                #expect(metrics.contains("atrium_reconciles_total{result=\"head-invalid\"}"), "\(metrics)")
            }
        }
    }

    /// A controller that cannot serve its endpoints says so in one line, exits 1, and has not
    /// touched the server.
    @Test func aTakenPortStopsItBeforeAnyCycle() async throws {
        let fixture = try await ControllerFixture.make()
        defer { fixture.remove() }
        try await fixture.push([
            "atrium.yaml": ControllerFixture.config(),
            "ws.yaml": ControllerFixture.workspace("alice", "existing", users: ["bob": "use"]),
        ])
        try await ServedServer.with(.sqlite, seed: ControllerFixture.seed) { server in
            let taken = String(server.baseURL.dropFirst("http://".count))
            let token = try fixture.write("token", server.adminToken)
            let result = try await ChildProcess.run(
                Command(
                    ChildProcess.atriumExecutable(packageRoot: ServedServer.packageRoot).path,
                    [
                        "controller", "--repo-url", "file://\(fixture.remote.path)", "--listen", taken,
                        "--checkout-dir", fixture.folder.appendingPathComponent("m").path,
                        "--server", server.baseURL, "--token-file", token,
                    ],
                    in: fixture.folder))
            #expect(result.status == 1)
            #expect(
                result.stderr.contains("error: cannot listen on \(taken): address already in use"), "\(result.stderr)")
            #expect(!result.stderr.contains("cycle "), "no cycle ran")
            #expect(try await server.acl("alice", "existing") == [:])
        }
    }
}
