import AtriumServer
import AtriumTestSupport
import Foundation
import Testing

/// `--format json` is a contract: stdout holds one JSON document on success and on each kind of
/// error, and what it says matches what the command says on stderr.
@Suite struct JSONContractTests {
    /// Parses stdout as exactly one JSON object.
    static func object(_ result: Binary.Result) throws -> [String: Any] {
        let parsed = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8))
        return try #require(parsed as? [String: Any], "one JSON object: \(result.stdout)")
    }

    static func error(_ result: Binary.Result) throws -> [String: Any] {
        try #require(try object(result)["error"] as? [String: Any], "\(result.stdout)")
    }

    static let invalid = Docs.workspace("alice", "existing", spec: "  sharing: {users: {bob: superuser}}")

    @Test func everyJSONCommandWritesOneDocumentOnEveryError() async throws {
        try await withHarness { h in
            try await h.commit(["ws.yaml": Self.invalid])
            let server = ["--server", h.server.baseURL]
            let environment = ["ATRIUM_TOKEN": h.token, "NO_COLOR": "1"]
            let commands: [[String]] = [
                ["validate"], ["reconcile", "--dry-run"] + server,
                ["show", "alice/existing"] + server,
            ]
            for command in commands {
                let result = try await Binary.atrium(
                    command + ["--format", "json"], in: h.repo, environment: environment)
                #expect(result.status == 1, "\(command): \(result.stderr)")
                let object = try Self.object(result)
                if command == ["validate"] {
                    // validate's result is the findings themselves.
                    #expect((object["findings"] as? [Any])?.isEmpty == false, "\(result.stdout)")
                    continue
                }
                let error = try Self.error(result)
                #expect(error["kind"] as? String == "invalid", "\(command): \(result.stdout)")
                let findings = try #require(error["findings"] as? [[String: Any]], "\(command)")
                #expect(
                    findings.contains { ($0["message"] as? String)?.contains("superuser") == true }
                        && findings.allSatisfy { $0["file"] as? String == "ws.yaml" && $0["line"] as? Int == 6 },
                    "\(command): \(findings)")
            }
            // A repository that does not exist: unreadable, exit 2, one JSON document.
            let missing = h.repo.appendingPathComponent("missing").path
            for command in [["validate"], ["access"], ["diff", "--base", "main"]] {
                let result = try await Binary.atrium(
                    command + ["--repo", missing, "--format", "json"], in: h.repo, environment: environment)
                #expect(result.status == 2, "\(command): \(result.stderr)")
                let error = try Self.error(result)
                #expect(error["kind"] as? String == "unreadable", "\(command): \(result.stdout)")
                #expect((error["message"] as? String)?.contains("missing") == true, "\(command): \(result.stdout)")
                #expect(error["exit_code"] as? Int == 2)
            }
            // The head is invalid for diff: exit 1 with the findings.
            try await h.commit(["ws.yaml": Docs.workspace("alice", "existing")])
            try await h.commit(["ws.yaml": Self.invalid])
            let diff = try await Binary.atrium(
                ["diff", "--base", "HEAD~1", "--format", "json"], in: h.repo, environment: environment)
            #expect(diff.status == 1)
            #expect(try Self.error(diff)["kind"] as? String == "invalid", "\(diff.stdout)")
            // A server that does not know the subject: an error document for list.
            let list = try await Binary.atrium(
                ["list", "--shared-with", "user:nobody", "--format", "json"] + server, in: h.repo,
                environment: environment)
            #expect(list.status != 0)
            #expect((try Self.error(list)["message"] as? String)?.contains("nobody") == true, "\(list.stdout)")
        }
    }

    /// A command line that does not parse, or a value a command refuses before it runs: exit 64,
    /// and with `--format json` (either spelling) the usage error as the one document on stdout.
    @Test(arguments: [
        (["diff"], "Missing expected argument '--base <base>'"),
        (["show", "just-a-name"], "`just-a-name` is not OWNER/NAME, group:NAME or template:NAME"),
        (["list", "--no-such-flag"], "Unknown option '--no-such-flag'"),
        (["access", "--live", "--at"], "Missing value for '--at <at>'"),
    ])
    func aUsageErrorIsOneJSONDocument(command: [String], message: String) async throws {
        let folder = FileManager.default.temporaryDirectory
        for format in [["--format", "json"], ["--format=json"]] {
            let result = try await Binary.atrium(command + format, in: folder, environment: ["NO_COLOR": "1"])
            #expect(result.status == 64, "\(result.stderr)")
            let error = try Self.error(result)
            #expect(error["kind"] as? String == "usage", "\(result.stdout)")
            #expect((error["message"] as? String)?.hasPrefix(message) == true, "\(result.stdout)")
            #expect(error["exit_code"] as? Int == 64)
            #expect(result.stderr.contains(message), "stderr says the same: \(result.stderr)")
        }
        // Without --format json, stdout stays empty.
        let text = try await Binary.atrium(command, in: folder, environment: ["NO_COLOR": "1"])
        #expect(text.status == 64)
        #expect(text.stdout.isEmpty, "\(text.stdout)")
    }

    /// A plan the removal limit refuses is printed whole, with the refusal in it.
    @Test func aRefusedPlanCarriesItsRefusal() async throws {
        try await withHarness { h in
            let users = (["bob", "carol", "dave", "erin"]).map { "\($0): use" }.joined(separator: ", ")
            try await h.commit([
                "atrium.yaml": Docs.config("prune: {maxRemovals: 1}"),
                "a.yaml": Docs.workspace("alice", "existing", spec: "  sharing: {users: {\(users)}}"),
            ])
            #expect(try await h.reconcile([]).status == 0)
            try await h.commit(["a.yaml": Docs.workspace("alice", "existing")])
            let refused = try await h.reconcile(["--format", "json"])
            #expect(refused.status == 1)
            let plan = try Self.object(refused)
            #expect((plan["actions"] as? [Any])?.count == 4)
            let refusal = try #require(plan["refusal"] as? [String: Any], "\(refused.stdout)")
            #expect(refusal["kind"] as? String == "removals")
            #expect((refusal["reason"] as? String)?.contains("4 removals of 4 grants") == true, "\(refusal)")
            #expect((refusal["remedy"] as? String)?.contains("--max-removals") == true)
            let summary = try #require(plan["summary"] as? [String: Int])
            #expect(summary["unshare"] == 4, "the summary counts what the plan removes: \(summary)")
            let text = try await h.reconcile([])
            #expect(text.stdout.contains("0 to share, 0 to change, 4 to unshare"), "\(text.stdout)")
        }
    }
}
