import AtriumTestSupport
import Foundation

/// Runs the built `atrium` executable as a user would, capturing its output and exit code.
enum CLI {
    typealias Result = ProcessResult

    /// The package's root folder (where `examples/` and `schemas/` are).
    static let packageRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// The `atrium` binary built beside this test bundle.
    static let executable = ChildProcess.atriumExecutable(packageRoot: packageRoot)

    static func command(_ arguments: [String], in directory: URL, environment: [String: String] = [:]) -> Command {
        Command(executable.path, arguments, in: directory, environment: environment, removing: ["NO_COLOR"])
    }

    static func run(_ arguments: [String], in directory: URL, environment: [String: String] = [:]) async throws
        -> Result
    {
        try await ChildProcess.run(command(arguments, in: directory, environment: environment))
    }

    /// Runs a command found on PATH (git, python3) and returns its output, throwing on failure.
    @discardableResult
    static func tool(_ arguments: [String], in directory: URL) async throws -> String {
        try await ChildProcess.tool(arguments, in: directory)
    }

    /// A fresh git repository holding a copy of the package's `examples/` and `schemas/`,
    /// committed, so that tests read them through libgit2 exactly as CI would.
    static func examplesRepository() async throws -> URL {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("atrium-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
        for folder in ["examples", "schemas"] {
            try FileManager.default.copyItem(
                at: packageRoot.appendingPathComponent(folder), to: root.appendingPathComponent(folder))
        }
        try await tool(["git", "init", "-q", "-b", "main"], in: root)
        try await tool(["git", "add", "-A"], in: root)
        try await tool(["git", "commit", "-q", "-m", "examples"], in: root)
        return root
    }
}
