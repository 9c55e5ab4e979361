import ArgumentParser
import AtriumClient
import AtriumCore
import AtriumGit
import Foundation

struct ShowCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show",
        abstract:
            "Desired against live sharing for one workspace (OWNER/NAME), group's members (group:NAME) or "
            + "template's ACL (template:NAME), each with its source."
    )

    @Argument(help: "The workspace, as OWNER/NAME; or group:NAME, or template:NAME.")
    var workspace: String

    @OptionGroup var source: SourceOptions
    @OptionGroup var serverOptions: ServerOptions

    @Option(help: "Output: text or json.")
    var format: ListingFormat = .text

    @Option(help: "Judge expiries at this RFC 3339 time instead of the clock.")
    var now: String?

    @Flag(help: "Show the commit that introduced each grant, and the one that removed grants git no longer declares.")
    var provenance = false

    /// `group:NAME` or `template:NAME`, when the argument names one.
    private var identity: (kind: String, name: String)? {
        for kind in ["group", "template"] where workspace.hasPrefix("\(kind):") {
            let name = String(workspace.dropFirst(kind.count + 1))
            if !name.isEmpty { return (kind, name) }
        }
        return nil
    }

    func validate() throws {
        guard WorkspaceID(workspace) != nil || identity != nil else {
            throw ValidationError("`\(workspace)` is not OWNER/NAME, group:NAME or template:NAME")
        }
        _ = try parseNow(now)
    }

    func run() async throws {
        try await ErrorReport.guarding(json: format == .json) { try await execute() }
    }

    /// The command, whose failure `run` reports in JSON too with `--format json`.
    private func execute() async throws {
        if let identity { return try await showIdentity(identity) }
        guard let id = WorkspaceID(workspace) else { throw ValidationError("`\(workspace)` is not OWNER/NAME") }
        let clock = try parseNow(now)
        let loaded = try loadDesiredState(source, now: clock)
        let live = try await serverOptions.readLive(
            config: loaded.state.config, desired: Self.reading(id, of: loaded.state), details: true)
        var comparison = AccessComparison(workspace: id, desired: loaded.state, live: live, now: clock)
        guard comparison.declared || comparison.existsOnServer else {
            Terminal.standardError(
                "error: no workspace `\(id)` in git at \(loaded.commit.prefix(12)) or on \(live.serverURL)")
            throw ExitCode.error
        }
        if !loaded.isWorktree && (provenance || format == .json) {
            do {
                try ProvenanceTracer(source: GitSource(path: source.repo), prefix: source.path).annotate(
                    &comparison, revision: loaded.commit)
            } catch {
                Terminal.standardError("warning: provenance unavailable: \(error)")
            }
        }
        if format == .json {
            Terminal.standardOutput(try JSONFormat.text(comparison))
        } else {
            Terminal.standardOutput(
                AccessComparisonFormatter(provenance: provenance).text(comparison, server: live.serverURL))
        }
    }

    /// A declared group's members or a declared template's ACL, in git and on the server.
    private func showIdentity(_ identity: (kind: String, name: String)) async throws {
        let clock = try parseNow(now)
        let loaded = try loadDesiredState(source, now: clock)
        // Every group's members and every template's ACL: one git does not declare is shown as
        // the server has it, never as empty.
        let live = try await serverOptions.readLive(config: loaded.state.config, desired: loaded.state, details: true)
        let comparison =
            identity.kind == "group"
            ? IdentityComparison(group: identity.name, desired: loaded.state, live: live, now: clock)
            : IdentityComparison(template: identity.name, desired: loaded.state, live: live, now: clock)
        guard comparison.declared || comparison.existsOnServer else {
            Terminal.standardError(
                "error: no \(identity.kind) `\(identity.name)` in git at \(loaded.commit.prefix(12)) or on "
                    + "\(live.serverURL)"
            )
            throw ExitCode.error
        }
        if format == .json {
            Terminal.standardOutput(try JSONFormat.text(comparison))
        } else {
            Terminal.standardOutput(
                AccessComparisonFormatter(provenance: provenance).text(comparison, server: live.serverURL))
        }
    }

    /// The desired state to read the server with: the workspace is read whether or not git
    /// declares it or the scope governs it (the comparison says which), with every detail.
    static func reading(_ id: WorkspaceID, of state: DesiredState) -> DesiredState {
        var reading = state
        switch state.config.scope {
        case .all: break
        case .declared: reading.config.scope = .filter(owners: [id.owner], templates: [])
        case .filter(let owners, let templates):
            reading.config.scope = .filter(owners: owners + [id.owner], templates: templates)
        }
        return reading
    }
}
