import ArgumentParser
import AtriumCore
import AtriumGit
import Foundation

extension RequestCommand {
    /// `atrium request prune`: the removal of request files whose grants have all expired,
    /// committed on a new branch so the repository does not fill with them.
    struct Prune: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "prune",
            abstract: "Commit the removal of expired request files on a new branch.",
            discussion:
                "Exit codes: 0 committed, or nothing expired; 1 the push failed; 2 the repository cannot be read.")

        @Option(help: "The git repository.") var repo: String = "."
        @Option(help: "The revision the branch starts from.") var base: String = "HEAD"
        @Option(help: "The folder holding the desired state, relative to the repository's root.") var path = ""
        @Option(help: "The time expiries are judged at (RFC 3339); defaults to now.") var now: String?
        @Flag(help: "Push the branch to origin.") var push = false
        @OptionGroup var credentials: GitCredentialOptions

        func run() throws {
            let clock = try parseNow(now)
            let outcome: AccessRequests.Outcome?
            do {
                outcome = try AccessRequests.prune(
                    repository: repo, base: base, prefix: path, now: clock,
                    push: push ? try credentials.credentials() : nil)
            } catch let error as GitError {
                Terminal.standardError("error: \(error)")
                throw error.code == .other ? ExitCode.error : ExitCode.unreadable
            }
            guard let outcome else {
                Terminal.standardOutput("No request has expired at \(Timestamp.format(clock)): nothing to prune.")
                return
            }
            Terminal.standardOutput(
                RequestCommand.describe(
                    outcome,
                    what: "the removal of \(outcome.files.count) expired request file"
                        + (outcome.files.count == 1 ? "" : "s")))
        }
    }
}
