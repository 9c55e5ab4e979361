import ArgumentParser
import AtriumClient
import AtriumCore
import AtriumGit
import Foundation

struct ShowCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show", abstract: "Desired against live sharing for one workspace, each grant with its source.")

    @Argument(help: "The workspace, as OWNER/NAME.")
    var workspace: String

    @OptionGroup var source: SourceOptions
    @OptionGroup var serverOptions: ServerOptions

    @Option(help: "Output: text or json.")
    var format: ListingFormat = .text

    @Option(help: "Judge expiries at this RFC 3339 time instead of the clock.")
    var now: String?

    @Flag(help: "Show the commit that introduced each grant, and the one that removed grants git no longer declares.")
    var provenance = false

    func validate() throws {
        guard WorkspaceID(workspace) != nil else { throw ValidationError("`\(workspace)` is not OWNER/NAME") }
        _ = try parseNow(now)
    }

    func run() async throws {
        guard let id = WorkspaceID(workspace) else { throw ValidationError("`\(workspace)` is not OWNER/NAME") }
        let clock = try parseNow(now)
        let loaded = try loadDesiredState(source, now: clock)
        let live = try await serverOptions.readLive(config: loaded.state.config, desired: loaded.state)
        var comparison = AccessComparison(workspace: id, desired: loaded.state, live: live, now: clock)
        guard comparison.declared || comparison.existsOnServer else {
            Terminal.standardError(
                "error: no workspace `\(id)` in git at \(loaded.commit.prefix(12)) or on \(live.serverURL)")
            throw ExitCode(1)
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
}
