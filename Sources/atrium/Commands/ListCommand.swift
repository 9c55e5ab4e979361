import ArgumentParser
import AtriumClient
import AtriumCore
import Foundation

struct ListCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list", abstract: "List live workspaces and who they are shared with (as `coder list --shared`).")

    @Flag(help: "Only workspaces shared with someone.")
    var shared = false

    @Option(help: "Only workspaces shared with user:NAME or group:NAME.")
    var sharedWith: String?

    @OptionGroup var source: SourceOptions
    @OptionGroup var serverOptions: ServerOptions

    @Flag(help: "Read each workspace's shared ports too (one request per workspace) and print them with their URLs.")
    var ports = false

    @Flag(help: "List the server's groups with their members instead of workspaces.")
    var groups = false

    @Flag(help: "List the server's templates with their ACLs instead of workspaces (one request per template).")
    var templates = false

    @Option(help: "Output: text or json.")
    var format: ListingFormat = .text

    func validate() throws {
        if let sharedWith, Subject(sharedWith) == nil {
            throw ValidationError("--shared-with takes user:NAME or group:NAME")
        }
    }

    func run() async throws {
        try await ErrorReport.guarding(json: format == .json) { try await execute() }
    }

    /// The command, whose failure `run` reports in JSON too with `--format json`.
    private func execute() async throws {
        if groups || templates { return try await listIdentity() }
        var terms: [String] = []
        if shared { terms.append("shared:true") }
        let subject = try sharedWith.map { text in
            guard let subject = Subject(text) else {
                throw ValidationError("--shared-with takes user:NAME or group:NAME")
            }
            return subject
        }
        switch subject {
        case .user(let name)?: terms.append("shared_with_user:\(name)")
        case .group(let name)?: terms.append("shared_with_group:\(name)")
        case nil: break
        }
        let config = optionalConfig(source)
        let (workspaces, host, server) = try await serverOptions.withClient(config: config, failure: "") { client in
            let reader = LiveStateReader(client: client)
            let organization = config.server.organization
            // An unknown user or group is a mistake, not an empty listing.
            if let subject, try await !reader.exists(subject, organization: organization) {
                throw UnknownSubject(subject: subject, server: client.baseURL)
            }
            var listed = try await reader.listWorkspaces(
                query: terms.joined(separator: " "), organization: organization)
            if case .user(let name)? = subject {
                listed = try await Self.addingGroups(of: name, to: listed, shared: shared, reader, organization)
            }
            guard ports else { return (listed, String?.none, client.baseURL) }
            let read = try await reader.withPorts(listed)
            return (read.workspaces, read.wildcardHost, client.baseURL)
        }
        if format == .json {
            Terminal.standardOutput(try JSONFormat.text(workspaces))
        } else {
            Terminal.standardOutput(
                WorkspaceListFormatter.text(
                    workspaces, wildcardHost: host, scheme: server.hasPrefix("https:") ? "https" : "http"))
        }
    }
}

extension ListCommand {
    /// A user reaches what their groups are shared with too: those workspaces are listed beside
    /// the user's own grants (one listing of users and groups for all the searches), and stderr
    /// says through which groups.
    static func addingGroups(
        of user: String, to listed: [LiveState.Workspace], shared: Bool, _ reader: LiveStateReader,
        _ organization: String
    ) async throws -> [LiveState.Workspace] {
        let groups = try await reader.groups(of: user, organization: organization)
        guard !groups.isEmpty else { return listed }
        // By id: a search takes a group's name only within the default organization.
        let queries = groups.map { (shared ? "shared:true " : "") + "shared_with_group:\($0.id)" }
        let known = Set(listed.map(\.id))
        let reached = try await reader.listWorkspaces(queries: queries, organization: organization).filter {
            !known.contains($0.id)
        }
        Terminal.standardError(
            "note: \(plural(reached.count, "more workspace")) reached through \(user)'s groups: "
                + groups.map(\.name).joined(separator: ", "))
        return (listed + reached).sorted { $0.workspaceID < $1.workspaceID }
    }

    /// `--groups`, `--templates`: the identity side, as the server has it.
    func listIdentity() async throws {
        let config = optionalConfig(source)
        let listing = try await serverOptions.withClient(config: config, failure: "") { client in
            try await LiveStateReader(client: client, parallelism: serverOptions.parallelism.taskLimit).identity(
                organization: config.server.organization, templates: templates)
        }
        if format == .json {
            Terminal.standardOutput(try JSONFormat.text(listing))
        } else {
            Terminal.standardOutput(listing.text(groups: groups, templates: templates))
        }
    }
}

/// `--shared-with` names a user or group the server does not have.
struct UnknownSubject: Error, CustomStringConvertible {
    var subject: Subject
    var server: String
    var description: String { "no \(subject.kind) `\(subject.name)` on \(server) (check --shared-with)" }
}
