import ArgumentParser

/// Atrium's exit codes: one table for every command, documented once (docs/cli.md, "Exit
/// codes"). Bad command-line usage is swift-argument-parser's 64.
extension ExitCode {
    /// Any error: invalid state, planning problems, server errors, refusals, a partial apply.
    static let error = ExitCode(1)
    /// `validate`, `diff`, `access`: the repository or revision could not be read.
    static let unreadable = ExitCode(2)
    /// `reconcile --dry-run --detailed-exitcode`: the plan has changes or drift.
    static let differences = ExitCode(2)
    /// A check that failed by request: `diff --fail-on`, `access --live` with drift.
    static let checkFailed = ExitCode(3)
}
