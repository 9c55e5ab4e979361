import ArgumentParser
import AtriumClient
import AtriumCore
import AtriumReconcile

extension ReconcilePrinter {
    /// Says why the reconcile stopped and answers the exit code: 1, whatever the reason (as
    /// Terraform's: 2 is kept for "changes" with --detailed-exitcode). With `--format json`,
    /// stdout gets one JSON object too (`{"error": {"kind": …, "message": …}}`), so that a tool
    /// reading it never finds it empty.
    func failure(_ error: any Error) -> any Error {
        guard let error = error as? ReconcileError else { return error }
        let outcome = describe(error)
        if format == .json {
            let findings: [Diagnostic]
            switch error {
            case .invalid(let loaded): findings = loaded.diagnostics
            case .planning(let found, _): findings = found
            default: findings = []
            }
            Terminal.standardOutput(
                JSONFormat.text(value: [
                    "error": [
                        "kind": .string(error.kind), "message": .string(outcome.message ?? "the reconcile stopped"),
                        "exit_code": .int(Int((outcome.exit as? ExitCode)?.rawValue ?? 1)),
                        "findings": .array(findings.map(ErrorReport.json)),
                    ]
                ]))
        }
        return outcome.exit
    }

    /// Prints why the reconcile stopped to stderr; answers the one-line message and the exit code.
    private func describe(_ error: ReconcileError) -> (message: String?, exit: any Error) {
        var message: String?
        func report(_ line: String) {
            message = message ?? line
            Terminal.standardError("error: \(line)")
        }
        switch error {
        case .unreadable(let underlying):
            report("\(underlying)")
        case .invalid(let loaded):
            report(
                "the desired state at \(loaded.commit.prefix(12)) is invalid "
                    + "(\(plural(loaded.errorCount, "error"))); nothing was read from the server"
            )
        case .connect(let underlying), .aborted(let underlying):
            if underlying is ExitCode { return (nil, underlying) }
            report("\(underlying)")
        case .liveState(let server, let underlying, let requests):
            report("cannot read the live state from \(server): \(underlying)")
            printStats(requests: requests)
        case .permission(let missing, let requests):
            report("\(missing); nothing was changed")
            printStats(requests: requests)
        case .planning(let found, let requests):
            for diagnostic in found { Terminal.standardError(diagnostics.line(for: diagnostic)) }
            let errors = found.count(where: { $0.severity == .error })
            report("\(plural(errors, "problem")) found while planning; nothing was changed")
            printStats(requests: requests)
        case .savedPlanCommit(let saved, let current, let requests):
            report(
                "the plan in \(savedPlanPath ?? "") was made at commit \(saved.prefix(12)), but \(revision) is "
                    + "now \(current.prefix(12)); make a new plan"
            )
            printStats(requests: requests)
        case .savedPlanServer(let saved, let current, let requests):
            report(
                "the plan in \(savedPlanPath ?? "") was made for \(saved), not \(current); make a new plan "
                    + "against this server"
            )
            printStats(requests: requests)
        case .savedPlanLiveState(let saved, let now, let requests):
            let path = savedPlanPath ?? ""
            report(
                "the live state changed since the plan in \(path) was made (it has \(plural(saved, "change")); "
                    + "planning now gives \(now)); "
                    + "nothing was applied; make a new plan (atrium reconcile --dry-run --out \(path))")
            printStats(requests: requests)
        }
        return (message, ExitCode.error)
    }
}
