import ArgumentParser
import AtriumCore

@main
struct Entrypoint {
    /// What `AsyncParsableCommand.main()` does, with one addition: a command line that does not
    /// parse still writes its JSON error document when `--format json` was asked for.
    static func main() async {
        OutputStream.ignoreBrokenPipes()
        let arguments = Array(CommandLine.arguments.dropFirst())
        EventLoopExecutor.install(for: arguments)
        let command: any ParsableCommand
        do {
            command = try AtriumCommand.parseAsRoot(arguments)
        } catch {
            ErrorReport.reportUsage(error, arguments: arguments)
            AtriumCommand.exit(withError: error)
        }
        do {
            if var command = command as? any AsyncParsableCommand {
                try await command.run()
            } else {
                var command = command
                try command.run()
            }
        } catch {
            AtriumCommand.exit(withError: error)
        }
    }
}
