import AtriumTestSupport
import Foundation
import Testing

/// Desired state written to hurt the reader: bounded work and output, nothing raw on the terminal.
@Suite struct UntrustedInputTests {
    /// A repository holding `files` (path → text), committed.
    func repository(_ files: [String: String]) async throws -> URL {
        let repo = FileManager.default.temporaryDirectory.appendingPathComponent(
            "atrium-untrusted-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: repo, withIntermediateDirectories: true)
        for (path, text) in files {
            try text.write(to: repo.appendingPathComponent(path), atomically: true, encoding: .utf8)
        }
        try await CLI.tool(["git", "init", "-q", "-b", "main"], in: repo)
        try await CLI.tool(["git", "add", "-A"], in: repo)
        try await ChildProcess.tool(["git", "commit", "-q", "-m", "untrusted"], in: repo)
        return repo
    }

    static func workspace(_ name: String, _ spec: String) -> String {
        "apiVersion: atrium/v1\nkind: Workspace\nmetadata: {name: \(name), owner: alice}\nspec:\n  template: "
            + "go-dev\n\(spec)"
    }

    /// 2,000 wrong roles in each of three files: five findings of that kind per file and a count
    /// of the rest, not one line each.
    @Test func findingsOfOneKindAreCappedPerFileWithACount() async throws {
        let roles = (0..<2000).map { "      u\($0): superuser\n" }.joined()
        var files: [String: String] = [:]
        for name in ["a", "b", "c"] { files["\(name).yaml"] = Self.workspace(name, "  sharing:\n    users:\n" + roles) }
        let repo = try await repository(files)
        defer { try? FileManager.default.removeItem(at: repo) }
        let result = try await CLI.run(["validate"], in: repo)
        #expect(result.status == 1)
        let lines = result.stderr.split(separator: "\n")
        #expect(lines.count(where: { $0.contains("unknown role `superuser`") }) == 15, "\(result.stderr)")
        for name in ["a", "b", "c"] {
            #expect(
                lines.contains { $0.hasPrefix("\(name).yaml: error: and 1995 more findings in this file, not shown") },
                "\(result.stderr)")
        }
    }

    /// A file of more YAML values than the limit is refused with the limit named.
    @Test func aFileOverTheNodeLimitIsRefusedNamingTheLimit() async throws {
        let list = "[" + Array(repeating: "a", count: 150_000).joined(separator: ",") + "]"
        let repo = try await repository(["big.yaml": "apiVersion: atrium/v1\nkind: Workspace\nitems: \(list)\n"])
        defer { try? FileManager.default.removeItem(at: repo) }
        let result = try await CLI.run(["validate"], in: repo)
        #expect(result.status == 1)
        #expect(result.stderr.contains("big.yaml:3:"), "\(result.stderr.prefix(500))")
        #expect(
            result.stderr.contains("more than 100000 YAML values, Atrium's limit for one file"),
            "\(result.stderr.prefix(500))")
        #expect(result.stderr.split(separator: "\n").count < 5)
    }

    /// Escape sequences in values and control characters in file names are shown escaped; a
    /// value is echoed at most 120 characters long.
    @Test func controlCharactersAndLongValuesNeverReachTheTerminalRaw() async throws {
        let repo = try await repository([
            "a.yaml": Self.workspace("a", "  sharing: {users: {bob: \"\\e[2Jsuper\"}}\n"),
            "x\n::error file=forged.yaml::boom.yaml": "apiVersion: atrium/v1\nkind: Nope\n",
            "c.yaml": Self.workspace("c", "  parameters: {region: eu}\n").replacingOccurrences(
                of: "go-dev", with: "\"" + String(repeating: "x", count: 600_000) + "\""),
        ])
        defer { try? FileManager.default.removeItem(at: repo) }
        for format in ["text", "github"] {
            let result = try await CLI.run(["validate", "--format", format], in: repo)
            #expect(result.status == 1)
            #expect(!result.stderr.contains("\u{1B}") && !result.stdout.contains("\u{1B}"), "\(format): no raw ESC")
            #expect(
                result.stderr.contains("\\e[2Jsuper") || result.stdout.contains("\\e[2Jsuper"),
                "\(format): \(result.stderr)")
            let lines = (result.stdout + result.stderr).split(separator: "\n")
            #expect(!lines.contains { $0.hasPrefix("::error file=forged.yaml") }, "\(format): no forged annotation")
            #expect(lines.allSatisfy { $0.utf8.count < 1000 }, "\(format): no value echoed whole")
        }
    }
}
