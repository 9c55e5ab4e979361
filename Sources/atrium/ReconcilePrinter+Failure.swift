import ArgumentParser
import AtriumClient
import AtriumCore

extension ReconcilePrinter {
    /// Says why the reconcile stopped and answers the exit code: 1, whatever the reason (as
    /// Terraform's: 2 is kept for "changes" with --detailed-exitcode).
    func failure(_ error: any Error) -> any Error {
        guard let error = error as? ReconcileError else { return error }
        switch error {
        case .unreadable(let underlying):
            Terminal.standardError("error: \(underlying)")
        case .invalid(let loaded):
            Terminal.standardError(
                "error: the desired state at \(loaded.commit.prefix(12)) is invalid (\(plural(loaded.errorCount, "error"))); nothing was read from the server")
        case .connect(let underlying), .aborted(let underlying):
            if underlying is ExitCode { return underlying }
            Terminal.standardError("error: \(underlying)")
        case .liveState(let server, let underlying, let requests):
            Terminal.standardError("error: cannot read the live state from \(server): \(underlying)")
            printStats(requests: requests)
        case .permission(let missing, let requests):
            Terminal.standardError("error: \(missing); nothing was changed")
            printStats(requests: requests)
        case .planning(let found, let requests):
            for diagnostic in found { Terminal.standardError(diagnostics.line(for: diagnostic)) }
            let errors = found.count(where: { $0.severity == .error })
            Terminal.standardError("error: \(plural(errors, "problem")) found while planning; nothing was changed")
            printStats(requests: requests)
        case .savedPlanCommit(let saved, let current, let requests):
            Terminal.standardError(
                "error: the plan in \(savedPlanPath ?? "") was made at commit \(saved.prefix(12)), but \(revision) is now \(current.prefix(12)); make a new plan")
            printStats(requests: requests)
        case .savedPlanServer(let saved, let current, let requests):
            Terminal.standardError("error: the plan in \(savedPlanPath ?? "") was made for \(saved), not \(current); make a new plan against this server")
            printStats(requests: requests)
        case .savedPlanLiveState(let saved, let now, let requests):
            let path = savedPlanPath ?? ""
            Terminal.standardError(
                "error: the live state changed since the plan in \(path) was made (it has \(plural(saved, "change")); planning now gives \(now)); "
                    + "nothing was applied; make a new plan (atrium reconcile --dry-run --out \(path))")
            printStats(requests: requests)
        }
        return ExitCode(1)
    }
}
