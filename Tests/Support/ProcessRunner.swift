import Foundation

/// What a child process printed and how it ended.
public struct ProcessResult: Sendable {
    public var status: Int32
    public var stdout: String
    public var stderr: String

    public init(status: Int32, stdout: String, stderr: String) {
        self.status = status
        self.stdout = stdout
        self.stderr = stderr
    }
}

/// Runs programs for the test suites: git, python3 and the built `atrium` binary.
public enum ProcessRunner {
    /// The identity git commits are made with in tests.
    public static let gitIdentity = [
        "GIT_AUTHOR_NAME": "Test", "GIT_AUTHOR_EMAIL": "test@example.com",
        "GIT_COMMITTER_NAME": "Test", "GIT_COMMITTER_EMAIL": "test@example.com",
    ]

    /// Runs `executable` with the current environment plus `environment`, minus `removing`, and
    /// reads both pipes at once so that neither can fill up and block the child.
    public static func run(
        _ executable: URL, _ arguments: [String], in directory: URL, environment: [String: String] = [:], removing: [String] = []
    ) throws -> ProcessResult {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        process.currentDirectoryURL = directory
        var env = ProcessInfo.processInfo.environment
        for key in removing { env.removeValue(forKey: key) }
        for (key, value) in environment { env[key] = value }
        process.environment = env
        let output = Pipe()
        let errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        try process.run()
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
        return ProcessResult(
            status: process.terminationStatus, stdout: String(decoding: outputData, as: UTF8.self),
            stderr: String(decoding: errorData, as: UTF8.self))
    }

    /// Runs a command found on PATH (git, python3) and returns its stdout; throws when it fails.
    @discardableResult
    public static func tool(_ arguments: [String], in directory: URL, environment: [String: String] = [:]) throws -> String {
        let result = try run(URL(fileURLWithPath: "/usr/bin/env"), arguments, in: directory, environment: gitIdentity.merging(environment) { $1 })
        guard result.status == 0 else {
            throw ToolFailure(description: "\(arguments.joined(separator: " ")) exited \(result.status): \(result.stdout)\(result.stderr)")
        }
        return result.stdout
    }

    /// The built `atrium` binary beside the test bundle (or in the package's .build/debug).
    public static func atriumExecutable(packageRoot: URL) -> URL {
        let candidates = [
            URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("atrium"),
            Bundle.main.bundleURL.appendingPathComponent("atrium"),
            Bundle.main.bundleURL.deletingLastPathComponent().appendingPathComponent("atrium"),
            packageRoot.appendingPathComponent(".build/debug/atrium"),
        ]
        return candidates.first { FileManager.default.isExecutableFile(atPath: $0.path) } ?? candidates[3]
    }
}

public struct ToolFailure: Error, CustomStringConvertible {
    public var description: String

    public init(description: String) { self.description = description }
}
