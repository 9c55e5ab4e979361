import ArgumentParser
import AtriumClient
import AtriumCore
import AtriumGit
import Foundation
import Logging

enum ReviewFormat: String, ExpressibleByArgument, CaseIterable {
    case text, json, csv, html
}

struct AccessCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "access",
        abstract: "Who can reach which workspace at a revision or date, each grant with its source and commit.",
        discussion: """
            From git alone: every workspace's owner, grants (after Grants, selectors, expiries and \
            policy) and link sharing at --at, each with the file and line declaring it and the \
            commit that introduced it. --at takes a revision or a date (2026-10-01: the last \
            commit on --on committed before it, with expiries judged at that date). --live also \
            reads the server and marks drift both ways.
            Exit codes: 0 done (with --live: no drift), 1 error, 2 the repository or revision \
            could not be read, 3 with --live: drift found.
            """
    )

    @Option(help: "A revision (default HEAD) or a date / RFC 3339 time.")
    var at: String = "HEAD"

    @Option(help: "With a date for --at: the branch whose history is searched.")
    var on: String = "HEAD"

    @Option(help: "Only this user's grants (and workspaces shared by link).")
    var user: String?

    @Option(help: "Only this group's grants.")
    var group: String?

    @Option(help: "Only this workspace, as OWNER/NAME.")
    var workspace: String?

    @Flag(help: "Compare with the live server and mark drift.")
    var live = false

    @Option(help: "Output: text, json or csv.")
    var format: ReviewFormat = .text

    @Option(help: "The git repository (a working tree or a bare repository; parents are searched).")
    var repo: String = "."

    @Option(help: "The folder (or single file) holding the desired state, relative to the repository's root.")
    var path: String = ""

    @Option(help: "With a revision for --at: judge expiries at this RFC 3339 time instead of the clock.")
    var now: String?

    @Flag(help: "Print the time spent reading the state and tracing provenance, and peak memory, to stderr.")
    var stats = false

    @OptionGroup var serverOptions: ServerOptions

    func validate() throws {
        if [user, group, workspace].compactMap({ $0 }).count > 1 {
            throw ValidationError("pass at most one of --user, --group and --workspace")
        }
        if let workspace, WorkspaceID(workspace) == nil {
            throw ValidationError("--workspace `\(workspace)` is not OWNER/NAME")
        }
        _ = try parseNow(now)
    }

    private func filter(groups: [String] = []) -> AccessReview.Filter {
        if let user { return .user(user, groups: groups) }
        if let group { return .group(group) }
        if let workspace, let id = WorkspaceID(workspace) { return .workspace(id) }
        return .all
    }

    func run() async throws {
        try await ErrorReport.guarding(json: format == .json) { try await execute() }
    }

    /// The command, whose failure `run` reports in JSON too with `--format json`.
    private func execute() async throws {
        Logs.bootstrap()
        let started = ContinuousClock.now
        let point = try readPointInTime()
        let groups = live ? try await liveGroupsAndReview(point) : nil
        try checkKnown(point.loaded.state, live: groups?.live)
        // A user reaches what their groups are granted: the groups git declares them in, and
        // with --live the groups the server says they belong to.
        let memberships = user.map { point.loaded.state.memberships(of: $0, at: point.judgedAt) } ?? []
        let allGroups = Array(Set(memberships.map(\.group) + (groups?.groups ?? []))).sorted()
        var review = AccessReview(
            state: point.loaded.state, revision: point.revision, at: point.judgedAt, filter: filter(groups: allGroups))
        if let groups {
            review.compare(with: groups.live, state: point.loaded.state, filter: filter(groups: allGroups))
        } else if let user, format == .text, point.loaded.state.groups.isEmpty {
            Terminal.standardError(
                "note: grants to \(user)'s groups are not shown: no Group is declared in git, and membership "
                    + "on the server is read with --live"
            )
        }
        if let user { review.attribute(memberships: memberships, of: user) }
        let read = ContinuousClock.now
        let tracer: ProvenanceTracer
        do {
            tracer = try ProvenanceTracer(source: GitSource(path: repo), prefix: path)
            try tracer.annotate(&review)
        } catch {
            Terminal.standardError("error: provenance unavailable: \(error)")
            throw ExitCode.unreadable
        }
        if stats { printStats(review, tracer: tracer, started: started, read: read) }
        switch format {
        case .text: Terminal.standardOutput(AccessReviewFormatter.text(review))
        case .csv: Terminal.standardOutput(AccessReviewFormatter.csv(review))
        case .json: Terminal.standardOutput(try JSONFormat.text(review))
        case .html: Terminal.standardOutput(AccessPageRenderer.html(review))
        }
        if live && !review.drift.isEmpty { throw ExitCode.checkFailed }
    }

    /// The desired state at `--at`; its findings are shown, but an invalid state is still reviewed.
    private func readPointInTime() throws -> AccessReview.PointInTime {
        let point: AccessReview.PointInTime
        do {
            guard
                let found = try AccessReview.pointInTime(
                    repository: repo, at: at, on: on, prefix: path, now: try parseNow(now))
            else {
                Terminal.standardError("error: `\(on)` has no commit before \(at)")
                throw ExitCode.error
            }
            point = found
        } catch let error as GitError {
            Terminal.standardError("error: \(error)")
            throw ExitCode.unreadable
        }
        if !point.loaded.isValid {
            let printer = DiagnosticPrinter(color: Terminal.useColor(on: 2))
            for diagnostic in point.loaded.diagnostics { Terminal.standardError(printer.line(for: diagnostic)) }
            Terminal.standardError(
                "warning: the desired state at \(point.revision.commit.prefix(12)) is invalid "
                    + "(\(plural(point.loaded.errorCount, "error"))); showing what of it is valid"
            )
        }
        return point
    }

    /// The live state, and with `--user` the groups the server says the user belongs to (a user
    /// reaches what their groups are granted).
    private func liveGroupsAndReview(_ point: AccessReview.PointInTime) async throws -> (
        live: LiveState, groups: [String]
    ) {
        let config = point.loaded.state.config
        let client = try serverOptions.client(config: config)
        do {
            let reader = LiveStateReader(client: client, parallelism: serverOptions.parallelism.taskLimit)
            let state = try await reader.read(organization: config.server.organization, desired: point.loaded.state)
            var groups: [String] = []
            if let user { groups = try await reader.groups(of: user, organizationID: state.organizationID) }
            await client.shutdown()
            return (state, groups)
        } catch {
            await client.shutdown()
            Terminal.standardError("error: cannot read the live state: \(error)")
            throw ExitCode.error
        }
    }

    /// A user, group or workspace that neither git nor (with `--live`) the server knows is a
    /// mistyped name, not an empty answer: exit 1, naming what was looked at.
    private func checkKnown(_ state: DesiredState, live: LiveState?) throws {
        let grants = state.workspaces.flatMap(\.grants) + state.grants.flatMap(\.grants)
        if let user {
            let inGit =
                state.workspaces.contains { $0.owner == user } || grants.contains { $0.subject == .user(user) }
                || state.groups.contains { ($0.members ?? []).contains { $0.user == user } }
            guard !inGit, live?.users[user] == nil else { return }
            Terminal.standardError(
                "error: no user `\(user)` "
                    + (live == nil
                        ? "in git (no workspace or grant names it); check the name, or add --live to ask the server"
                        : "in git or on the server")
            )
            throw ExitCode.error
        }
        if let group {
            guard !grants.contains(where: { $0.subject == .group(group) }), state.group(group) == nil,
                live?.groups[group] == nil
            else { return }
            Terminal.standardError(
                "error: no group `\(group)` "
                    + (live == nil
                        ? "in git (no grant names it); check the name, or add --live to ask the server"
                        : "in git or on the server")
            )
            throw ExitCode.error
        }
        if let workspace, let id = WorkspaceID(workspace) {
            guard !state.workspaces.contains(where: { $0.id == id }), live?.workspaces[id] == nil else { return }
            Terminal.standardError(
                "error: no workspace `\(workspace)` \(live == nil ? "in git" : "in git or on the server")")
            throw ExitCode.error
        }
    }

    private func printStats(
        _ review: AccessReview, tracer: ProvenanceTracer, started: ContinuousClock.Instant,
        read: ContinuousClock.Instant
    ) {
        let traced = ContinuousClock.now
        let grants = review.rows.reduce(0) { $0 + $1.sources.filter { $0.key != nil }.count }
        Terminal.standardError(
            String(
                format:
                    "stats: %d rows, %d traced declarations; read %.3f s, provenance %.3f s (%d commits "
                    + "walked, %d blobs parsed), total %.3f s; peak memory %.1f MiB",
                review.rows.count, grants, (read - started).inSeconds, (traced - read).inSeconds, tracer.commitsWalked,
                tracer.blobsParsed,
                (traced - started).inSeconds, Double(Terminal.peakMemory()) / 1_048_576))
    }
}
