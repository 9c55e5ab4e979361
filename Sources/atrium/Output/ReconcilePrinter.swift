import ArgumentParser
import AtriumClient
import AtriumCore
import AtriumReconcile
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
            Terminal.standardError(
                String(
                    format: "stats: provenance of %d changes %.3f s", planned.plan.actions.count,
                    planned.timings.provenance.inSeconds))
        }
        if let out { try SavedPlanFile.write(planned.plan, to: out) }
    }

    /// Says that the parameters of existing workspaces were not compared (they cost a request
    /// each), when git declares some: a changed `parameters:` is never passed over in silence.
    func noteUncheckedParameters(_ planned: PlannedReconcile) {
        let created = Set(planned.plan.actions.lazy.filter { $0.kind == .createWorkspace }.map(\.workspace))
        let existing = planned.declaredWithParameters.filter { !created.contains($0) }.count
        guard existing > 0 else { return }
        Terminal.standardError(
            "note: the parameters of \(plural(existing, "existing workspace")) were not compared with the server "
                + "(--check-parameters, or --detailed-exitcode, reads them: one request each)")
    }

    func beforeApply(_ plan: Plan) {
        if format == .text { Terminal.standardOutput(formatter.text(plan)) }
    }

    /// Prints the plan (not applied) or what applying it did; throws the exit code.
    func finished(_ result: ReconcileResult, detailedExitcode: Bool) throws {
        defer {
            printPhases(result.timings)
            printStats(
                requests: result.requests, rateLimitWait: result.rateLimitWait, peakConcurrency: result.peakConcurrency)
        }
        guard let report = result.report else {
            Terminal.standardOutput(
                PlanRendering(format: format, formatter: formatter).render(
                    result.plan, report: nil, refusal: result.refusal))
            if let refusal = result.refusal { throw refuse(refusal) }
            if detailedExitcode && result.plan.hasDifferences { throw ExitCode.differences }
            return
        }
        if format == .text {
            Terminal.standardOutput(PlanRendering.applied(report))
        } else {
            Terminal.standardOutput(
                PlanRendering(format: format, formatter: formatter).render(result.plan, report: report))
        }
        if report.interrupted { Terminal.standardError("stopped by Ctrl-C: run atrium reconcile again to finish") }
        guard report.succeeded else {
            if !report.unapplied.isEmpty {
                Terminal.standardError(
                    "error: \(plural(report.unapplied.count, "change")) did not happen; run atrium reconcile "
                        + "again to converge"
                )
            }
            throw ExitCode.error
        }
    }

    /// A guard's refusal: why, and how to allow it.
    func refuse(_ refusal: Refusal) -> ExitCode {
        Terminal.standardError("error: \(refusal.message)")
        return ExitCode.error
    }

    /// Where the time went: loading git, reading the server, planning, applying.
    func printPhases(_ timings: ReconcileResult.Timings) {
        guard stats else { return }
        Terminal.standardError(
            String(
                format:
                    "stats: load %.2f s, live read %.2f s (%.2f s of it during the load), plan %.2f s, apply %.2f s",
                timings.load.inSeconds,
                timings.liveRead.inSeconds, timings.liveReadOverlap.inSeconds, timings.plan.inSeconds,
                timings.apply.inSeconds))
    }

    func printStats(requests: Int, rateLimitWait: Duration = .zero, peakConcurrency: Int? = nil) {
        guard stats else { return }
        Terminal.standardError(
            String(
                format:
                    "stats: %d HTTP requests, %.2f s, peak memory %.1f MiB; waited %.2f s in all for the "
                    + "server's rate limit",
                requests,
                (ContinuousClock.now - started).inSeconds, Double(Terminal.peakMemory()) / 1_048_576,
                rateLimitWait.inSeconds)
                + (peakConcurrency.map { "; parallelism auto reached \($0) requests in flight" } ?? ""))
    }
}
