public import Foundation
import Subprocess
import Synchronization
import SystemPackage

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

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

/// A program to run for a test: git, python3, zbarimg, chromium or the built `atrium` binary.
public struct Command: Sendable, CustomStringConvertible {
    /// An absolute path, or a name looked up on PATH.
    public var executable: String
    public var arguments: [String]
    public var directory: URL
    /// Added to (and overriding) the test process's environment.
    public var environment: [String: String]
    /// Removed from the test process's environment.
    public var removing: [String]
    /// How long the command may run before it is killed and the test fails.
    public var deadline: Duration

    public init(
        _ executable: String, _ arguments: [String], in directory: URL, environment: [String: String] = [:],
        removing: [String] = [], deadline: Duration = ChildProcess.defaultDeadline
    ) {
        self.executable = executable
        self.arguments = arguments
        self.directory = directory
        self.environment = environment
        self.removing = removing
        self.deadline = deadline
    }

    /// The command line as a shell would show it.
    public var description: String {
        ([executable] + arguments).map { $0.contains(" ") || $0.isEmpty ? "'\($0)'" : $0 }.joined(separator: " ")
    }

    var fullEnvironment: [Environment.Key: String] {
        var env = ProcessInfo.processInfo.environment
        for key in removing { env.removeValue(forKey: key) }
        env.merge(environment) { $1 }
        var keyed: [Environment.Key: String] = [:]
        for (key, value) in env { if let key = Environment.Key(rawValue: key) { keyed[key] = value } }
        return keyed
    }
}

/// A command ran past its deadline: it was killed, and this names it and what it printed so far.
public struct ChildProcessTimeout: Error, CustomStringConvertible {
    public var command: String
    public var deadline: Duration
    public var stdout: String
    public var stderr: String

    public var description: String {
        "`\(command)` did not finish within \(deadline) and was killed; it printed so far:\n"
            + "--- stdout ---\n\(stdout.suffix(4000))\n--- stderr ---\n\(stderr.suffix(4000))"
    }
}

/// A command that exited with a status other than 0 where success was required.
public struct ToolFailure: Error, CustomStringConvertible {
    public var description: String

    public init(description: String) { self.description = description }
}

/// Runs child processes for the test suites, through swift-subprocess: asynchronously (no
/// cooperative thread ever waits on a pipe or a child), with every descriptor but the three
/// standard ones closed in the child, each child in a session of its own, and a deadline after
/// which the child and everything it started are killed and the test fails naming the command.
public enum ChildProcess {
    /// The default deadline for one command.
    public static let defaultDeadline: Duration = .seconds(120)

    /// The identity git commits are made with in tests.
    public static let gitIdentity = [
        "GIT_AUTHOR_NAME": "Test", "GIT_AUTHOR_EMAIL": "test@example.com",
        "GIT_COMMITTER_NAME": "Test", "GIT_COMMITTER_EMAIL": "test@example.com",
    ]

    /// Runs `command` to its end and returns what it printed and its exit status (128 + N when
    /// signal N ended it).
    public static func run(_ command: Command) async throws -> ProcessResult {
        try await run(command) { _ in }.result
    }

    /// Runs `command` while `body` runs, then waits for the child's end. `body` may read what the
    /// child has printed so far and signal it (to serve requests, or to interrupt it).
    public static func run<Value: Sendable>(
        _ command: Command, while body: @Sendable (RunningChild) async throws -> Value
    ) async throws -> (result: ProcessResult, value: Value) {
        var options = PlatformOptions()
        options.createSession = true
        let executable: Executable =
            command.executable.hasPrefix("/") ? .path(.init(command.executable)) : .name(command.executable)
        let state = ChildState()
        let outcome = try await Subprocess.run(
            executable, arguments: Arguments(command.arguments), environment: .custom(command.fullEnvironment),
            workingDirectory: .init(command.directory.path), platformOptions: options,
            input: .none, output: .sequence, error: .sequence
        ) { execution in
            let child = RunningChild(pid: execution.processIdentifier.value, command: command.description, state: state)
            return try await child.supervise(
                stdout: execution.standardOutput, stderr: execution.standardError, deadline: command.deadline,
                body: body)
        }
        let result = ProcessResult(
            status: outcome.terminationStatus.exitCode, stdout: state.stdout.text, stderr: state.stderr.text)
        if state.hasExpired {
            throw ChildProcessTimeout(
                command: command.description, deadline: command.deadline, stdout: result.stdout, stderr: result.stderr)
        }
        return (result, outcome.closureResult)
    }

    /// Runs a command found on PATH (git, python3) with the test git identity and returns its
    /// stdout; throws, naming the command and its output, when it fails.
    @discardableResult
    public static func tool(_ arguments: [String], in directory: URL, environment: [String: String] = [:]) async throws
        -> String
    {
        let command = Command(
            arguments[0], Array(arguments.dropFirst()), in: directory,
            environment: gitIdentity.merging(environment) { $1 })
        let result = try await run(command)
        guard result.status == 0 else {
            throw ToolFailure(description: "`\(command)` exited \(result.status): \(result.stdout)\(result.stderr)")
        }
        return result.stdout
    }

    /// Whether a program is on PATH.
    public static func isInstalled(_ name: String) -> Bool {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        return path.split(separator: ":").contains { FileManager.default.isExecutableFile(atPath: "\($0)/\(name)") }
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

extension TerminationStatus {
    /// The status a shell would report: the exit code, or 128 + the signal's number.
    var exitCode: Int32 {
        switch self {
        case .exited(let code): Int32(code)
        case .signaled(let signal): 128 + Int32(signal)
        }
    }
}
