import ArgumentParser
import AtriumCore
import Foundation

/// Asks before an apply, as `terraform apply` does: on a terminal the plan is shown and the
/// answer must be `y` or `yes`; without a terminal the apply is refused unless approved in
/// advance (`--auto-approve`, or a saved `--plan` that was reviewed).
struct Confirmation {
    let autoApprove: Bool

    func confirm(_ plan: Plan) async throws {
        if autoApprove { return }
        let count = plural(plan.actions.count, "change")
        guard isatty(0) == 1 else {
            Terminal.standardError(
                "error: refusing to apply \(count) to \(plan.server) without confirmation: standard input is "
                    + "not a terminal; "
                    + "pass --auto-approve to apply without asking (as in CI), or --dry-run to plan only")
            throw ExitCode.error
        }
        Terminal.standardErrorRaw("Apply \(count) to \(plan.server)? [y/N] ")
        let answer = await Self.readLine()?.trimmingCharacters(in: .whitespaces).lowercased()
        guard answer == "y" || answer == "yes" else {
            Terminal.standardError("Apply cancelled; nothing was changed.")
            throw ExitCode.error
        }
    }

    /// One line from stdin, read on a thread of its own so that no thread of Swift's
    /// cooperative pool waits on the terminal.
    static func readLine() async -> String? {
        await withCheckedContinuation { continuation in
            Thread.detachNewThread { continuation.resume(returning: Swift.readLine()) }
        }
    }
}
