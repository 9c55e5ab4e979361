import AtriumTestSupport
import Foundation
import Testing

/// `atrium validate` end to end: the real binary, a real git repository, the shipped examples.
@Suite struct ValidateCommandTests {
    let repo: URL

    init() async throws {
        repo = try await CLI.examplesRepository()
    }

    @Test func theExamplesAreValid() async throws {
        let result = try await CLI.run(["validate", "--path", "examples/acme"], in: repo)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stderr.isEmpty)
        #expect(
            result.stdout.hasPrefix(
                "valid: 10 files, 5 workspaces, 2 Grants, 2 Groups, 1 template ACL, 4 factory templates, "
                    + "1 SharingRule at "
            ))
    }

    /// Every file in examples/invalid/ starts with `# expect: <the exact line it must produce>`.
    static let invalidExamples: [String] = {
        let folder = CLI.packageRoot.appendingPathComponent("examples/invalid")
        return ((try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? [])
            .filter { $0.hasSuffix(".yaml") }.sorted()
    }()

    @Test func thereIsAnInvalidExampleForEveryKindOfError() {
        #expect(Self.invalidExamples.count >= 25)
    }

    @Test(arguments: invalidExamples)
    func eachInvalidExampleGivesItsExpectedError(name: String) async throws {
        let path = "examples/invalid/\(name)"
        let bytes = try Data(contentsOf: CLI.packageRoot.appendingPathComponent(path))
        let firstLine = String(decoding: bytes.prefix { $0 != UInt8(ascii: "\n") }, as: UTF8.self)
        let expected = try #require(
            firstLine.hasPrefix("# expect: ") ? String(firstLine.dropFirst(10)) : nil, "\(path) has no `# expect:` line"
        )
        #expect(expected.hasPrefix("\(path):"), "the expectation names the file with line and column")

        let result = try await CLI.run(["validate", "--path", path], in: repo)
        let lines = result.stderr.split(separator: "\n").map(String.init)
        #expect(lines.first == expected)
        let isWarning = expected.contains(": warning: ")
        #expect(result.status == (isWarning ? 0 : 1))
        #expect(result.stdout.hasPrefix(isWarning ? "valid with 1 warning:" : "invalid: "))
    }

    @Test func oneRunReportsEveryProblemAcrossFiles() async throws {
        let result = try await CLI.run(["validate", "--path", "examples/invalid"], in: repo)
        #expect(result.status == 1)
        let errors = result.stderr.split(separator: "\n").filter { $0.contains(": error: ") }
        #expect(errors.count >= Self.invalidExamples.count - 1)
        for name in Self.invalidExamples where name != "expired-grant.yaml" {
            #expect(result.stderr.contains("examples/invalid/\(name):"), "no finding for \(name)")
        }
    }

    @Test func jsonFindings() async throws {
        let result = try await CLI.run(
            ["validate", "--path", "examples/invalid/duplicate-key.yaml", "--format", "json"], in: repo)
        #expect(result.status == 1)
        #expect(result.stderr.isEmpty)
        let json = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        #expect(json["format_version"] as? Int == 1)
        #expect(json["valid"] as? Bool == false)
        #expect((json["commit"] as? String)?.count == 40)
        let finding = try #require((json["findings"] as? [[String: Any]])?.first)
        #expect(finding["file"] as? String == "examples/invalid/duplicate-key.yaml")
        #expect(finding["line"] as? Int == 10)
        #expect(finding["column"] as? Int == 7)
        #expect(finding["severity"] as? String == "error")
        #expect(finding["message"] as? String == "duplicate key `bob` (first defined at 9:7)")
    }

    @Test func githubAnnotations() async throws {
        let result = try await CLI.run(
            ["validate", "--path", "examples/invalid/unknown-field.yaml", "--format", "github"], in: repo)
        #expect(result.status == 1)
        #expect(
            result.stdout
                == "::error file=examples/invalid/unknown-field.yaml,line=7,col=3::unknown field `sharng` in "
                + "Workspace spec (did you mean `sharing`?)\n"
        )
    }

    @Test func exitCodeTwoWhenTheRepositoryOrRevisionCannotBeRead() async throws {
        let unknown = try await CLI.run(["validate", "--rev", "no-such-branch"], in: repo)
        #expect(unknown.status == 2)
        #expect(unknown.stderr.hasPrefix("error: `no-such-branch` is not a known revision"))
        #expect(unknown.stderr.split(separator: "\n").count == 1)
        let nowhere = try await CLI.run(["validate", "--repo", "/nonexistent/atrium"], in: repo)
        #expect(nowhere.status == 2)
        #expect(
            nowhere.stderr
                == "error: `/nonexistent/atrium` does not exist (run inside a repository or pass --repo DIR)\n")
    }

    @Test func theCommittedRevisionIsReadUnlessWorktreeIsGiven() async throws {
        let file = repo.appendingPathComponent("examples/acme/teams/data.yaml")
        var text = try String(contentsOf: file, encoding: .utf8)
        text = text.replacingOccurrences(of: "sharing:", with: "sharng:")
        try text.write(to: file, atomically: true, encoding: .utf8)
        #expect(try await CLI.run(["validate", "--path", "examples/acme"], in: repo).status == 0)
        let worktree = try await CLI.run(["validate", "--path", "examples/acme", "--worktree"], in: repo)
        #expect(worktree.status == 1)
        #expect(
            worktree.stderr.contains(
                "examples/acme/teams/data.yaml:11:3: error: unknown field `sharng` in Workspace spec"))
        #expect(worktree.stdout.contains("the working tree"))
    }

    @Test func colourOnlyOnATerminal() async throws {
        let piped = try await CLI.run(["validate", "--path", "examples/invalid/unknown-role.yaml"], in: repo)
        #expect(!piped.stderr.contains("\u{1B}["), "no escape codes when stderr is a pipe")
    }

    @Test func theNowOptionDecidesExpiry() async throws {
        let past = try await CLI.run(
            ["validate", "--path", "examples/invalid/expired-grant.yaml", "--now", "2025-01-01T00:00:00Z"], in: repo)
        #expect(past.status == 0)
        #expect(past.stderr.isEmpty)
        let bad = try await CLI.run(["validate", "--now", "tomorrow"], in: repo)
        #expect(bad.status == 64)
    }

    @Test func examplesValidateAgainstTheJSONSchemas() async throws {
        let output = try await CLI.tool(
            ["python3", "scripts/check-schemas.py", "schemas", "examples/acme"], in: CLI.packageRoot)
        #expect(output.contains("16 documents checked against 8 schemas, 0 failures"))
    }

    /// The schemas and the Swift validator agree on schema-level errors.
    @Test(arguments: [
        "unknown-field", "unknown-role", "bad-workspace-name", "reserved-workspace-name", "token-in-git",
        "missing-field", "wrong-api-version", "bad-timestamp", "string-expected",
    ])
    func schemasRejectWhatTheValidatorRejects(name: String) async throws {
        await #expect(throws: ToolFailure.self) {
            try await CLI.tool(
                ["python3", "scripts/check-schemas.py", "schemas", "examples/invalid/\(name).yaml"], in: CLI.packageRoot
            )
        }
    }
}

/// `atrium factory` on the shipped examples.
@Suite struct FactoryCommandTests {
    let repo: URL

    init() async throws {
        repo = try await CLI.examplesRepository()
    }

    @Test func oneLink() async throws {
        let result = try await CLI.run(
            ["factory", "onboarding-backend", "--path", "examples/acme", "--set", "user=new-hire"], in: repo)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(
            result.stdout
                == "http://127.0.0.1:7080/templates/default/python-dev/workspace?mode=form&name=new-hire-backen"
                + "d&param.region=eu-west\n"
        )
        let missing = try await CLI.run(["factory", "onboarding-backend", "--path", "examples/acme"], in: repo)
        #expect(missing.status == 1)
        #expect(
            missing.stderr.contains(
                "examples/acme/factories/onboarding.yaml:14:5: error: input `user` of `onboarding-backend` is required")
        )
        let legacy = try await CLI.run(
            ["factory", "legacy-codenvy", "--path", "examples/acme", "--set", "user=ana"], in: repo)
        let json = try #require(try JSONSerialization.jsonObject(with: Data(legacy.stdout.utf8)) as? [String: Any])
        #expect(json["v"] as? String == "4.0")
        #expect(json["name"] as? String == "ledger-ana")
        #expect((json["policies"] as? [String: Any])?["create"] as? String == "perUser")
    }

    @Test func onboardingPagesForABatchOfNewHires() async throws {
        let base = ["factory", "--all", "--path", "examples/acme", "--values", "examples/onboarding/new-hires.yaml"]
        let json = try await CLI.run(base + ["--format", "json"], in: repo)
        #expect(json.status == 0, "\(json.stderr)")
        let people = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [[String: Any]])
        #expect(people.count == 3)
        #expect(people.allSatisfy { ($0["links"] as? [Any])?.count == 4 })
        let html = try await CLI.run(base + ["--format", "html"], in: repo)
        #expect(html.stdout.components(separatedBy: "<section>").count == 4)
        #expect(html.stdout.contains("<h2>bruno</h2>"))
        #expect(html.stdout.contains("name=bruno-backend&amp;param.region=us-east"))
        let markdown = try await CLI.run(base + ["--format", "markdown"], in: repo)
        #expect(markdown.stdout.contains("## chen"))
        #expect(
            markdown.stdout.contains(
                "| `onboarding-gitpod` | The docs site in Gitpod. | "
                    + "[open](https://gitpod.example.com/#TEAM=data/https://github.com/acme/docs) |"
            ))
    }
}
