import ArgumentParser
import AtriumClient
import AtriumCore
import Foundation

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

    func validate() throws {
        guard scope == "all" || scope.hasPrefix("owners:") || scope.hasPrefix("templates:") else {
            throw ValidationError("--scope takes all, owners:a,b or templates:x,y")
        }
    }

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
        let live = try await serverOptions.readLive(
            config: config, desired: DesiredState(config: config), details: true)
        // The URL as written into atrium.yaml carries no credentials (not even redacted ones).
        let files = StateExporter.files(
            live, serverURL: ServerURL.withoutCredentials(serverOptions.server ?? live.serverURL))
        guard let out else {
            // One YAML stream: each file's documents, each file introduced by its path.
            let stream = files.keys.sorted().map { path in "# file: \(path)\n" + (files[path] ?? "") }
            Terminal.standardOutput(stream.joined(separator: "---\n").trimmingCharacters(in: .newlines))
            return
        }
        for (path, text) in files {
            let url = URL(fileURLWithPath: out).appendingPathComponent(path)
            try FileManager.default.createDirectory(
                at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try text.write(to: url, atomically: true, encoding: .utf8)
        }
        Terminal.standardError(
            "wrote \(plural(files.count, "file")) with \(plural(live.workspaces.count, "workspace")) to \(out)")
    }
}
