import ArgumentParser
import AtriumCore
import Synchronization

/// With `--format json`, stdout always holds one JSON document: the result, or, when a command
/// fails before writing it, `{"error": {"kind", "message", "exit_code", "findings"}}`. What the
/// error says is what the command said on stderr: its first `error:` line and the findings it
/// printed (recorded here as they are printed), so the JSON and the text never disagree.
enum ErrorReport {
    private struct State {
        var message: String?
        var findings: [Diagnostic] = []
        var wroteResult = false
    }

    private static let state = Mutex(State())

    /// Called for every line written to stderr: the first `error: …` is the failure's message.
    static func noteStandardError(_ line: String) {
        guard line.hasPrefix("error: ") else { return }
        state.withLock { $0.message = $0.message ?? String(line.dropFirst("error: ".count)) }
    }

    static func noteFinding(_ diagnostic: Diagnostic) {
        state.withLock { $0.findings.append(diagnostic) }
    }

    static func noteResult() {
        state.withLock { $0.wroteResult = true }
    }

    /// Runs a command's body; when it fails with nothing on stdout and `json`, writes the error
    /// document before the failure goes on to set the exit code.
    static func guarding(json: Bool, _ body: () async throws -> Void) async throws {
        do {
            try await body()
        } catch {
            if json { report(error) }
            throw error
        }
    }

    /// The same, for commands that run synchronously.
    static func guarding(json: Bool, _ body: () throws -> Void) throws {
        do {
            try body()
        } catch {
            if json { report(error) }
            throw error
        }
    }

    /// A command line that does not parse, or whose values a command refuses before it runs
    /// (exit 64): with `--format json` among the arguments, stdout still holds the error document,
    /// saying what ArgumentParser says on stderr.
    static func reportUsage(_ error: any Error, arguments: [String]) {
        guard requestsJSON(arguments) else { return }
        let exit = AtriumCommand.exitCode(for: error)
        guard exit == .validationFailure else { return }
        let message = AtriumCommand.message(for: error).split(separator: "\n").first.map(String.init) ?? ""
        writeDocument(kind: kind(exit, invalid: false), message: message, exit: exit, findings: [])
    }

    /// Whether the arguments ask for JSON (`--format json` or `--format=json`), before any
    /// command has parsed them.
    static func requestsJSON(_ arguments: [String]) -> Bool {
        let options = arguments.prefix { $0 != "--" }
        return options.contains("--format=json")
            || zip(options, options.dropFirst()).contains { $0 == "--format" && $1 == "json" }
    }

    private static func report(_ error: any Error) {
        let exit = error is ValidationError ? ExitCode.validationFailure : (error as? ExitCode) ?? ExitCode.error
        if exit == .success || error is CleanExit { return }
        let recorded = state.withLock { $0 }
        guard !recorded.wroteResult else { return }
        let errors = recorded.findings.filter { $0.severity == .error }
        writeDocument(
            kind: kind(exit, invalid: !errors.isEmpty),
            message: recorded.message ?? (error is ExitCode ? "the command failed" : "\(error)"), exit: exit,
            findings: recorded.findings)
    }

    /// The error document, the one shape every failure takes on stdout.
    private static func writeDocument(kind: String, message: String, exit: ExitCode, findings: [Diagnostic]) {
        Terminal.standardOutput(
            JSONFormat.text(value: [
                "error": [
                    "kind": .string(kind), "message": .string(message), "exit_code": .int(Int(exit.rawValue)),
                    "findings": .array(findings.map(json)),
                ]
            ]))
    }

    /// `invalid` (the desired state has errors), `unreadable`, `check-failed` or `error`.
    private static func kind(_ exit: ExitCode, invalid: Bool) -> String {
        if invalid { return "invalid" }
        switch exit {
        case .validationFailure: return "usage"
        case .unreadable: return "unreadable"
        case .checkFailed: return "check-failed"
        default: return "error"
        }
    }

    static func json(_ diagnostic: Diagnostic) -> JSONValue {
        var object: [String: JSONValue] = [
            "severity": .string(diagnostic.severity.rawValue), "message": .string(diagnostic.message),
        ]
        if let hint = diagnostic.hint { object["hint"] = .string(hint) }
        if let location = diagnostic.location {
            object["file"] = .string(location.file)
            object["line"] = .int(location.line)
            object["column"] = .int(location.column)
        }
        return .object(object)
    }
}
