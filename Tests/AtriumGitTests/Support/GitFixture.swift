import AtriumGit
import AtriumTestSupport
import AtriumYAML
import Foundation

/// A real git repository in a temporary folder, driven by the `git` command.
final class GitFixture {
    let root: URL

    init(bare: Bool = false) async throws {
        root = FileManager.default.temporaryDirectory.appendingPathComponent("atrium-git-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
        try await git(bare ? ["init", "-q", "--bare", "-b", "main"] : ["init", "-q", "-b", "main"])
    }

    /// Wraps an existing folder (a clone made by another fixture).
    init(existing: URL) {
        root = existing
    }

    deinit {
        try? FileManager.default.removeItem(at: root)
    }

    var path: String { root.path }

    func write(_ relative: String, _ text: String) throws {
        try write(relative, bytes: Array(text.utf8))
    }

    func write(_ relative: String, bytes: [UInt8]) throws {
        let url = root.appendingPathComponent(relative)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(bytes).write(to: url)
    }

    /// Stages everything and commits; returns the new commit's SHA.
    @discardableResult
    func commit(
        _ message: String, author: String = "Ada Lovelace <ada@example.com>", date: String = "2026-10-01T12:00:00Z"
    ) async throws -> String {
        try await git(["add", "-A"])
        try await git(
            ["commit", "-q", "--allow-empty", "-m", message, "--author", author, "--date", date],
            environment: ["GIT_COMMITTER_DATE": date])
        return try await git(["rev-parse", "HEAD"]).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    @discardableResult
    func git(_ arguments: [String], environment: [String: String] = [:]) async throws -> String {
        try await GitFixture.run(arguments, in: root, environment: environment)
    }

    @discardableResult
    static func run(_ arguments: [String], in directory: URL, environment: [String: String] = [:]) async throws
        -> String
    {
        let result = try await ChildProcess.run(
            Command(
                "git", ["-c", "protocol.file.allow=always", "-c", "init.defaultBranch=main"] + arguments,
                in: directory,
                environment: ChildProcess.gitIdentity.merging(["GIT_CONFIG_NOSYSTEM": "1"].merging(environment) { $1 })
                { $1 }))
        guard result.status == 0 else {
            throw FixtureError(message: "git \(arguments.joined(separator: " ")) failed: \(result.stderr)")
        }
        return result.stdout
    }
}

struct FixtureError: Error, CustomStringConvertible {
    var message: String
    var description: String { message }
}
