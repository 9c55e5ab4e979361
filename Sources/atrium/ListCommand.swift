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

    @Option(help: "Output: text or json.")
    var format: PlanFormat = .text

    func run() async throws {
        var terms: [String] = []
        if shared { terms.append("shared:true") }
        if let sharedWith {
            switch Subject(sharedWith) {
            case .user(let name)?: terms.append("shared_with_user:\(name)")
            case .group(let name)?: terms.append("shared_with_group:\(name)")
            case nil: throw ValidationError("--shared-with takes user:NAME or group:NAME")
            }
        }
        let workspaces = try await serverOptions.withClient(config: optionalConfig(source), failure: "") { client in
            try await LiveStateReader(client: client).listWorkspaces(query: terms.joined(separator: " "))
        }
        if format == .json {
            Terminal.standardOutput(try JSONFormat.text(workspaces))
        } else {
            Terminal.standardOutput(WorkspaceListFormatter.text(workspaces))
        }
    }
}
