import ArgumentParser
import AtriumClient
import AtriumCore
import Foundation

/// What `atrium reconcile` prints at each stage: findings and logs on stderr, the plan and what
/// applying it did on stdout, in the chosen format.
struct ReconcilePrinter {
    let format: PlanFormat
    let provenance: Bool
    let stats: Bool
    let savedPlanPath: String?
    let revision: String
    let started = ContinuousClock.now
    let diagnostics = DiagnosticPrinter(color: Terminal.useColor(on: 2))
    var formatter: PlanFormatter { PlanFormatter(color: Terminal.useColor(on: 1), provenance: provenance) }

    func findings(_ loaded: LoadResult) {
        for diagnostic in loaded.diagnostics { Terminal.standardError(diagnostics.line(for: diagnostic)) }
    }

    /// Shows planning's warnings, saves the plan with `--out`.
    func planned(_ planned: PlannedReconcile, out: String?) throws {
        for diagnostic in planned.diagnostics { Terminal.standardError(diagnostics.line(for: diagnostic)) }
        if let error = planned.provenanceError { Terminal.standardError("warning: provenance unavailable: \(error)") }
        if stats, planned.traced {
            Terminal.standardError(String(
                format: "stats: provenance of %d changes %.3f s", planned.plan.actions.count, seconds(planned.timings.provenance)))
        }
        if let out { try SavedPlanFile.write(planned.plan, to: out) }
    }

    func beforeApply(_ plan: Plan) {
        if format == .text { Terminal.standardOutput(formatter.text(plan)) }
    }

    /// Prints the plan (not applied) or what applying it did; throws the exit code.
    func finished(_ result: ReconcileResult, detailedExitcode: Bool) throws {
        defer { printStats(requests: result.requests, rateLimitWait: result.rateLimitWait) }
        guard let report = result.report else {
            Terminal.standardOutput(PlanRendering(format: format, formatter: formatter).render(result.plan, report: nil))
            if let removals = result.plan.removals, removals.exceeded { throw refuse(removals) }
            if result.isRefused, let change = result.plan.actions.first(where: \.changesOrgSetting) { throw refuse(orgSetting: change) }
            if detailedExitcode && (!result.plan.isEmpty || !result.plan.drift.isEmpty) { throw ExitCode(2) }
            return
        }
        if format == .text {
            Terminal.standardOutput(PlanRendering.applied(report))
        } else {
            Terminal.standardOutput(PlanRendering(format: format, formatter: formatter).render(result.plan, report: report))
        }
        if report.interrupted { Terminal.standardError("stopped by Ctrl-C: run atrium reconcile again to finish") }
        guard report.succeeded else {
            if !report.unapplied.isEmpty {
                Terminal.standardError("error: \(plural(report.unapplied.count, "change")) did not happen; run atrium reconcile again to converge")
            }
            throw ExitCode(1)
        }
    }

    /// The removal guard's refusal: the count, the limit, and how to allow it.
    func refuse(_ removals: Removals) -> ExitCode {
        Terminal.standardError(
            "error: refusing this plan: it removes more access than allowed, \(removals.summary); nothing was written. "
                + "If the removals are intended, allow them with --max-removals 100% (or set prune.maxRemovals in atrium.yaml)")
        return ExitCode(1)
    }

    /// The org-setting guard's refusal.
    func refuse(orgSetting change: PlanAction) -> ExitCode {
        Terminal.standardError(
            "error: refusing this plan: it changes the sharing setting of \(change.workspace) from \(change.previousValue ?? "?") to \(change.value ?? "?")"
                + (change.value == "everyone" ? "" : ", and Coder then deletes every workspace ACL in it for good")
                + "; nothing was written. To allow it, pass --allow-org-setting-change")
        return ExitCode(1)
    }

    func printStats(requests: Int, rateLimitWait: Duration = .zero) {
        guard stats else { return }
        Terminal.standardError(String(
            format: "stats: %d HTTP requests, %.2f s, peak memory %.1f MiB; waited %.2f s in all for the server's rate limit", requests,
            seconds(ContinuousClock.now - started), Double(Terminal.peakMemory()) / 1_048_576, seconds(rateLimitWait)))
    }
}
