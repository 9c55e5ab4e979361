import ArgumentParser
import AtriumCore

struct AtriumCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "atrium",
        abstract: "Workspace sharing as code: desired state in git, reconciled against a Coder-style server.",
        discussion: """
            Exit codes: 0 success, 1 invalid input or failed work, 2 the repository or revision \
            could not be read (or, with reconcile --detailed-exitcode, changes to make), 3 a \
            change matched diff --fail-on, or access --live found drift; 64 bad usage.
            """,
        version: BuildInfo.versionLine,
        subcommands: [
            ValidateCommand.self, DiffCommand.self, AccessCommand.self, ReconcileCommand.self, ShowCommand.self,
            ListCommand.self, ExportCommand.self, FactoryCommand.self, ServeCommand.self, TokenCommand.self,
            ControllerCommand.self, RequestCommand.self, CodeownersCommand.self, ReviewCommand.self,
        ]
    )
}
