import AtriumYAML
import AtriumGit
import AtriumOnboarding
import ArgumentParser
import AtriumClient
import AtriumCore
import Foundation
import Logging

/// Server options shared by the commands that read the live server.
struct ServerOptions: ParsableArguments {
    @Option(help: "The server's URL (overrides ATRIUM_URL and server.url in atrium.yaml).")
    var server: String?

    @Option(help: "Read the session token from this file (default: the variable named by server.tokenEnv, ATRIUM_TOKEN).")
    var tokenFile: String?

    @Option(help: "Requests in flight at once.")
    var parallelism: Int = 8

    func client(config: Config) throws -> ServerClient {
        let context = try ServerContext.resolve(config: config, server: server, tokenFile: tokenFile)
        return ServerClient(baseURL: context.url, token: context.token, logger: Logger(label: "atrium"))
    }
}

/// The configuration from the repository when there is one (for the server URL and token
/// variable); the defaults otherwise.
func optionalConfig(_ source: SourceOptions) -> Config {
    guard let result = try? DesiredStateLoader.load(source.loaderOptions, now: Date()) else { return Config() }
    return result.state.config
}

struct ShowCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show", abstract: "Desired against live sharing for one workspace, each grant with its source.")

    @Argument(help: "The workspace, as OWNER/NAME.")
    var workspace: String

    @OptionGroup var source: SourceOptions
    @OptionGroup var serverOptions: ServerOptions

    @Option(help: "Output: text or json.")
    var format: PlanFormat = .text

    @Option(help: "Judge expiries at this RFC 3339 time instead of the clock.")
    var now: String?

    @Flag(help: "Show the commit that introduced each grant, and the one that removed grants git no longer declares.")
    var provenance = false

    func run() async throws {
        guard let id = WorkspaceID(workspace) else { throw ValidationError("`\(workspace)` is not OWNER/NAME") }
        let clock = try parseNow(now)
        let loaded = try loadDesiredState(source, now: clock)
        let client = try serverOptions.client(config: loaded.state.config)
        let live: LiveState
        do {
            live = try await LiveStateReader(client: client, parallelism: serverOptions.parallelism).read(organization: loaded.state.config.server.organization, desired: loaded.state)
        } catch {
            await client.shutdown()
            Terminal.standardError("error: cannot read the live state: \(error)")
            throw ExitCode(1)
        }
        await client.shutdown()
        var comparison = AccessComparison(workspace: id, desired: loaded.state, live: live, now: clock)
        if !loaded.isWorktree && (provenance || format == .json) {
            do {
                try ProvenanceTracer(source: GitSource(path: source.repo), prefix: source.path).annotate(&comparison, revision: loaded.commit)
            } catch {
                Terminal.standardError("warning: provenance unavailable: \(error)")
            }
        }
        if format == .json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
            Terminal.standardOutput(String(decoding: try encoder.encode(comparison), as: UTF8.self))
            return
        }
        var lines = ["\(comparison.workspace): \(comparison.declared ? "declared in git" : "not declared in git"), \(comparison.existsOnServer ? "exists on \(live.serverURL)" : "absent from \(live.serverURL)")"]
        if comparison.desiredLink != nil || comparison.liveLink != nil {
            let origin = provenance ? comparison.linkSource.map { "  # \($0.provenance)" } ?? "" : ""
            lines.append("link sharing: git \(comparison.desiredLink?.rawValue ?? "(not set)"), server \(comparison.liveLink?.rawValue ?? "owner")\(origin)")
        }
        if comparison.rows.isEmpty { lines.append("(shared with nobody)") }
        for row in comparison.rows {
            var sources = row.sources.map { provenance ? $0.provenance : $0.description }.joined(separator: ", ")
            if provenance, let removed = row.removedIn { sources += "removed from git in \(removed.summary)" }
            lines.append("  \(row.subject.description.padding(toLength: max(24, row.subject.description.count), withPad: " ", startingAt: 0)) git \((row.desired?.rawValue ?? "-").padding(toLength: 5, withPad: " ", startingAt: 0)) server \((row.live?.rawValue ?? "-").padding(toLength: 5, withPad: " ", startingAt: 0)) \(row.status.rawValue)\(sources.isEmpty ? "" : "  # \(sources)")")
        }
        Terminal.standardOutput(lines.joined(separator: "\n"))
    }
}

struct ListCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list", abstract: "List live workspaces and who they are shared with (as `coder list --shared`).")

    @Flag(help: "Only workspaces shared with someone.")
    var shared = false

    @Option(help: "Only workspaces shared with user:NAME or group:NAME.")
    var sharedWith: String?

    @OptionGroup var source: SourceOptions
    @OptionGroup var serverOptions: ServerOptions

    @Option(help: "Output: text or json.")
    var format: PlanFormat = .text

    func run() async throws {
        var terms: [String] = []
        if shared { terms.append("shared:true") }
        if let sharedWith {
            if sharedWith.hasPrefix("user:") {
                terms.append("shared_with_user:\(sharedWith.dropFirst(5))")
            } else if sharedWith.hasPrefix("group:") {
                terms.append("shared_with_group:\(sharedWith.dropFirst(6))")
            } else {
                throw ValidationError("--shared-with takes user:NAME or group:NAME")
            }
        }
        let client = try serverOptions.client(config: optionalConfig(source))
        let workspaces: [LiveState.Workspace]
        do {
            workspaces = try await LiveStateReader(client: client).listWorkspaces(query: terms.joined(separator: " "))
        } catch {
            await client.shutdown()
            Terminal.standardError("error: \(error)")
            throw ExitCode(1)
        }
        await client.shutdown()
        if format == .json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
            Terminal.standardOutput(String(decoding: try encoder.encode(workspaces), as: UTF8.self))
            return
        }
        var lines = ["WORKSPACE                          TEMPLATE        SHARED WITH"]
        for workspace in workspaces {
            let grants = workspace.users.sorted { $0.key < $1.key }.map { "user:\($0.key)=\($0.value.rawValue)" }
                + workspace.groups.sorted { $0.key < $1.key }.map { "group:\($0.key)=\($0.value.rawValue)" }
                + (workspace.link == .everyone ? ["link:everyone"] : [])
            let name = "\(workspace.owner)/\(workspace.name)"
            lines.append("\(name.padding(toLength: max(34, name.count), withPad: " ", startingAt: 0)) \(workspace.template.padding(toLength: max(15, workspace.template.count), withPad: " ", startingAt: 0)) \(grants.isEmpty ? "-" : grants.joined(separator: ", "))")
        }
        Terminal.standardOutput(lines.joined(separator: "\n"))
    }
}

struct ExportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Write the live workspaces and their sharing as Atrium YAML, to adopt Atrium on an existing server.")

    @Option(help: "Which workspaces: all (default), or owners:a,b or templates:x,y.")
    var scope: String = "all"

    @Option(help: "The folder to write (atrium.yaml and workspaces/OWNER.yaml); stdout when absent.")
    var out: String?

    @OptionGroup var source: SourceOptions
    @OptionGroup var serverOptions: ServerOptions

    func run() async throws {
        var config = optionalConfig(source)
        switch scope {
        case "all": config.scope = .all
        case let text where text.hasPrefix("owners:"):
            config.scope = .filter(owners: text.dropFirst(7).split(separator: ",").map(String.init), templates: [])
        case let text where text.hasPrefix("templates:"):
            config.scope = .filter(owners: [], templates: text.dropFirst(10).split(separator: ",").map(String.init))
        default:
            throw ValidationError("--scope takes all, owners:a,b or templates:x,y")
        }
        let client = try serverOptions.client(config: config)
        let live: LiveState
        do {
            live = try await LiveStateReader(client: client, parallelism: serverOptions.parallelism).read(organization: config.server.organization, desired: DesiredState(config: config))
        } catch {
            await client.shutdown()
            Terminal.standardError("error: cannot read the live state: \(error)")
            throw ExitCode(1)
        }
        await client.shutdown()
        let files = StateExporter.files(live, serverURL: client.baseURL)
        guard let out else {
            for path in files.keys.sorted() {
                Terminal.standardOutput("# --- \(path)\n\(files[path] ?? "")")
            }
            return
        }
        for (path, text) in files {
            let url = URL(fileURLWithPath: out).appendingPathComponent(path)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try text.write(to: url, atomically: true, encoding: .utf8)
        }
        Terminal.standardError("wrote \(plural(files.count, "file")) with \(plural(live.workspaces.count, "workspace")) to \(out)")
    }
}
