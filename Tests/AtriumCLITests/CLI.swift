import Foundation

/// Runs the built `atrium` executable as a user would, capturing its output and exit code.
enum CLI {
    struct Result {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    /// The package's root folder (where `examples/` and `schemas/` are).
    static let packageRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// The `atrium` binary built beside this test bundle.
    static let executable: URL = {
        let candidates = [
            URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("atrium"),
            Bundle.main.bundleURL.appendingPathComponent("atrium"),
            Bundle.main.bundleURL.deletingLastPathComponent().appendingPathComponent("atrium"),
            packageRoot.appendingPathComponent(".build/debug/atrium"),
        ]
        return candidates.first { FileManager.default.isExecutableFile(atPath: $0.path) } ?? candidates[3]
    }()

    static func run(_ arguments: [String], in directory: URL, environment: [String: String] = [:]) throws -> Result {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        process.currentDirectoryURL = directory
        var env = ProcessInfo.processInfo.environment
        env.removeValue(forKey: "NO_COLOR")
        for (key, value) in environment { env[key] = value }
        process.environment = env
        let output = Pipe()
        let errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        try process.run()
        // Read both pipes concurrently so that neither can fill up and block the child.
        nonisolated(unsafe) var errorData = Data()
        let group = DispatchGroup()
        group.enter()
        DispatchQueue.global().async {
            errorData = errors.fileHandleForReading.readDataToEndOfFile()
            group.leave()
        }
        let outputData = output.fileHandleForReading.readDataToEndOfFile()
        group.wait()
        process.waitUntilExit()
        return Result(
            status: process.terminationStatus, stdout: String(decoding: outputData, as: UTF8.self),
            stderr: String(decoding: errorData, as: UTF8.self))
    }

    /// Runs a shell-free command (git, python3) and returns its output, throwing on failure.
    @discardableResult
    static func tool(_ arguments: [String], in directory: URL) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = arguments
        process.currentDirectoryURL = directory
        var env = ProcessInfo.processInfo.environment
        env["GIT_AUTHOR_NAME"] = "Test"
        env["GIT_AUTHOR_EMAIL"] = "test@example.com"
        env["GIT_COMMITTER_NAME"] = "Test"
        env["GIT_COMMITTER_EMAIL"] = "test@example.com"
        process.environment = env
        let output = Pipe()
        process.standardOutput = output
        process.standardError = output
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        let text = String(decoding: data, as: UTF8.self)
        guard process.terminationStatus == 0 else {
            throw ToolError(message: "\(arguments.joined(separator: " ")) exited \(process.terminationStatus): \(text)")
        }
        return text
    }

    /// A fresh git repository holding a copy of the package's `examples/` and `schemas/`,
    /// committed, so that tests read them through libgit2 exactly as CI would.
    static func examplesRepository() throws -> URL {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("atrium-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
        for folder in ["examples", "schemas"] {
            try FileManager.default.copyItem(at: packageRoot.appendingPathComponent(folder), to: root.appendingPathComponent(folder))
        }
        try tool(["git", "init", "-q", "-b", "main"], in: root)
        try tool(["git", "add", "-A"], in: root)
        try tool(["git", "commit", "-q", "-m", "examples"], in: root)
        return root
    }
}

struct ToolError: Error, CustomStringConvertible {
    var message: String
    var description: String { message }
}
