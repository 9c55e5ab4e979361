import AtriumTestSupport
import Foundation
import Testing

/// examples/ci: valid YAML, and every `atrium` command in them exists with the flags they use.
@Suite struct CIExamplesTests {
    static let files = ["examples/ci/github-actions.yml", "examples/ci/gitlab-ci.yml"]

    @Test(arguments: files) func parsesAsYAML(_ file: String) async throws {
        let check = try await ChildProcess.run(
            Command(
                "python3", ["-c", "import yaml, sys; d = yaml.safe_load(open(sys.argv[1])); print(len(d))", file],
                in: CLI.packageRoot))
        #expect(check.status == 0, "\(check.stderr)")
    }

    @Test(arguments: files) func everyCommandAndFlagExists(_ file: String) async throws {
        let text = try String(contentsOf: CLI.packageRoot.appendingPathComponent(file), encoding: .utf8)
        // `atrium SUBCOMMAND ...` up to a redirection, a pipe, `;` or the end of the line.
        let pattern = try Regex(
            #"atrium (validate|diff|access|reconcile|show|list|export|factory)((?: +(?:--[a-z-]+|"[^"]*"|[^\s;>|"]+))*)"#
        )
        var seen = Set<String>()
        var checked = 0
        var help: [String: String] = [:]
        for match in text.matches(of: pattern) {
            let command = String(match.output[1].substring ?? "")
            let arguments = String(match.output[2].substring ?? "")
            if help[command] == nil {
                help[command] = try await CLI.run([command, "--help"], in: CLI.packageRoot).stdout
            }
            for flag in arguments.split(separator: " ") where flag.hasPrefix("--") {
                checked += 1
                #expect(
                    help[command]?.contains("\(flag) ") == true || help[command]?.contains("\(flag)\n") == true
                        || help[command]?.contains("\(flag) <") == true, "`atrium \(command) \(flag)` in \(file)")
            }
            seen.insert(command)
        }
        #expect(seen.isSuperset(of: ["validate", "diff", "reconcile"]), "\(seen)")
        #expect(checked >= 10)
        #expect(text.contains("--detailed-exitcode") && text.contains("--fail-on"))
    }
}
