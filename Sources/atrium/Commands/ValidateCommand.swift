import ArgumentParser
import AtriumClient
import AtriumCore
import AtriumGit
import AtriumYAML
import Foundation
import Logging

/// Where the desired state is read from; shared by every command that reads git.
struct SourceOptions: ParsableArguments {
    @Option(help: "The git repository (a working tree or a bare repository; parents are searched).")
    var repo: String = "."

    @Option(help: "The revision to read: a branch, tag, SHA, `origin/main`, `HEAD~2`, ...")
    var rev: String = "HEAD"

    @Option(help: "The folder (or single file) holding the desired state, relative to the repository's root.")
    var path: String = ""

    @Flag(help: "Read the working tree instead of the revision, to check uncommitted edits.")
    var worktree = false

    var loaderOptions: DesiredStateLoader.Options {
        DesiredStateLoader.Options(repository: repo, revision: rev, prefix: path, worktree: worktree)
    }
}

struct ValidateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "validate",
        abstract: "Check the desired state at a revision without a server.",
        discussion: """
            Reads every .yaml/.yml file under --path at --rev through libgit2 (no checkout) and \
            reports all problems, as `path:line:col: error: message (how to fix)` on stderr.
            With --server, also asks the server's /buildinfo (no token) what it offers, and refuses \
            here what it cannot do (snapshots on Coder). \
            Exit codes: 0 valid (warnings allowed), 1 invalid, 2 the repository or revision could \
            not be read, or the server could not be asked.
            """
    )

    @OptionGroup var source: SourceOptions

    @Option(help: "Output: text (findings on stderr, summary on stdout), json, or github (workflow annotations).")
    var format: OutputFormat = .text

    @Option(help: "The time that expiries are judged against (RFC 3339); defaults to now.")
    var now: String?

    @Flag(help: "Print timings, throughput and peak memory to stderr.")
    var stats = false

    @Option(help: "Also ask this server's /buildinfo what it offers (no token is sent) and check git against it.")
    var server: String?

    func validate() throws {
        _ = try parseNow(now)
    }

    func run() async throws {
        try await ErrorReport.guarding(json: format == .json) { try await execute() }
    }

    /// The command, whose failure `run` reports in JSON too with `--format json`.
    private func execute() async throws {
        let clock = try parseNow(now)

        let started = ContinuousClock.now
        let snapshot: SourceSnapshot
        do {
            snapshot = try DesiredStateLoader.snapshot(source.loaderOptions)
        } catch {
            Terminal.standardError("error: \(error)")
            throw ExitCode.unreadable
        }
        let read = ContinuousClock.now
        var result = DesiredStateLoader.load(snapshot, now: clock)
        let done = ContinuousClock.now
        if let server {
            result.diagnostics += try await capabilityFindings(result.state, server: server, now: clock)
        }

        switch format {
        case .json:
            Terminal.standardOutput(try JSONFormat.text(ValidationReport(result)))
        case .github:
            for diagnostic in result.diagnostics {
                Terminal.standardOutput(DiagnosticPrinter.githubAnnotation(for: diagnostic), annotations: true)
            }
        case .text:
            let printer = DiagnosticPrinter(color: Terminal.useColor(on: 2))
            for diagnostic in result.diagnostics {
                Terminal.standardError(printer.line(for: diagnostic))
            }
            Terminal.standardOutput(summary(result))
        }

        if stats {
            Terminal.standardError(Self.stats(result, read: read - started, total: done - started))
        }
        if !result.isValid { throw ExitCode.error }
    }

    /// What git declares for users who left, when a token lets the server's users be read (the
    /// Config's `server.tokenEnv`, ATRIUM_TOKEN by default); without one, a note says they were not.
    private func inactiveUsers(_ state: DesiredState, server: String, now: Date) async throws -> [Diagnostic] {
        let variable = state.config.server.tokenEnv
        guard let token = ProcessInfo.processInfo.environment[variable], !token.isEmpty else {
            return [
                .warning(
                    at: nil, "users' status on \(server) was not read: no token in \(variable)",
                    hint: "set \(variable) to report grants held by suspended, dormant or deleted users")
            ]
        }
        let client = ServerClient(baseURL: server, token: token, timeout: .seconds(10), logger: Logger(label: "atrium"))
        do {
            let (users, status) = try await LiveStateReader(client: client).userStatuses()
            await client.shutdown()
            return InactiveHolding.find(desired: state, users: users, userStatus: status, now: now).map {
                .warning(at: $0.location, "\($0.description) on \(client.baseURL)", hint: "see policy.inactiveUsers")
            }
        } catch {
            await client.shutdown()
            Terminal.standardError("error: cannot read the users of \(client.baseURL): \(error)")
            throw ExitCode.unreadable
        }
    }

    /// What git declares that `server` cannot do, from its `/buildinfo`.
    private func capabilityFindings(_ state: DesiredState, server: String, now: Date) async throws -> [Diagnostic] {
        do {
            try ServerContext.checkURL(server)
        } catch {
            Terminal.standardError("error: \(error)")
            throw ExitCode.unreadable
        }
        let client = ServerClient(baseURL: server, token: "", timeout: .seconds(10), logger: Logger(label: "atrium"))
        do {
            let capabilities = try await LiveStateReader(client: client).capabilities()
            await client.shutdown()
            return CapabilityRules.check(state, capabilities: capabilities, server: client.baseURL)
                + (try await inactiveUsers(state, server: server, now: now))
        } catch {
            await client.shutdown()
            Terminal.standardError("error: cannot ask \(client.baseURL) what it offers: \(error)")
            throw ExitCode.unreadable
        }
    }

    private func summary(_ result: LoadResult) -> String {
        let at =
            result.isWorktree ? "the working tree (HEAD \(result.commit.prefix(12)))" : "\(result.commit.prefix(12))"
        let state = result.state
        let contents =
            "\(plural(result.fileCount, "file")), \(plural(state.workspaces.count, "workspace")), "
            + "\(plural(state.grants.count, "Grant")), \(plural(state.groups.count, "Group")), "
            + "\(plural(state.templateAccess.count, "template ACL")), "
            + "\(plural(state.factoryTemplates.count, "factory template"))"
            + (state.rules.isEmpty ? "" : ", \(plural(state.rules.count, "SharingRule"))")
        if result.isValid {
            let warnings = result.warningCount > 0 ? " with \(plural(result.warningCount, "warning"))" : ""
            return "valid\(warnings): \(contents) at \(at)"
        }
        return
            "invalid: \(plural(result.errorCount, "error")), \(plural(result.warningCount, "warning")) in "
            + "\(contents) at \(at)"
    }

    private static func stats(_ result: LoadResult, read: Duration, total: Duration) -> String {
        let totalSeconds = max(total.inSeconds, 1e-9)
        let megabytes = Double(result.byteCount) / 1_048_576
        let grants =
            result.state.workspaces.reduce(0) { $0 + $1.grants.count }
            + result.state.grants.reduce(0) { $0 + $1.grants.count }
        return String(
            format:
                "stats: %d files, %.1f MiB, %d workspaces, %d grants; read %.3f s, total %.3f s; %.0f files/s, "
                + "%.1f MiB/s; peak memory %.1f MiB",
            result.fileCount, megabytes, result.state.workspaces.count, grants, read.inSeconds, totalSeconds,
            Double(result.fileCount) / totalSeconds, megabytes / totalSeconds, Double(Terminal.peakMemory()) / 1_048_576
        )
    }
}

func plural(_ count: Int, _ word: String) -> String {
    "\(count) \(word)\(count == 1 ? "" : "s")"
}
