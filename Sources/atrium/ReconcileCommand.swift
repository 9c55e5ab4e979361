import AtriumYAML
import AtriumGit
import AtriumOnboarding
import ArgumentParser
import AtriumClient
import AtriumCore
import Foundation
import Logging

struct ReconcileCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "reconcile",
        abstract: "Plan the changes that make the live server match git, and apply them.",
        discussion: """
            Reads the desired state at --rev through libgit2, reads the live server, and plans \
            creates, shares, role changes, unshares, link sharing, snapshots and releases. Every \
            problem is found before the first write. With --dry-run nothing is changed.
            Exit codes: 0 success (or no changes), 1 error or partial failure, 2 with \
            --detailed-exitcode: the dry-run plan has changes (or the repository could not be read \
            without it).
            """
    )

    @OptionGroup var source: SourceOptions

    @Flag(help: "Plan only; change nothing.")
    var dryRun = false

    @Option(help: "Output: text, json or markdown (for a pull-request comment).")
    var format: PlanFormat = .text

    @Flag(help: "Exit 2 when a dry-run plan has changes (as terraform plan -detailed-exitcode).")
    var detailedExitcode = false

    @OptionGroup var serverOptions: ServerOptions

    @Option(help: "Judge expiries at this RFC 3339 time instead of the clock.")
    var now: String?

    @Option(help: "Save the plan as JSON to this file.")
    var out: String?

    @Option(help: "Apply exactly this saved plan; refused if the commit or the live state changed since.")
    var plan: String?

    @Flag(help: "Show where each change was declared and the commit that introduced it (the JSON plan always has both).")
    var provenance = false

    @Flag(help: "Print HTTP requests made, time and peak memory to stderr.")
    var stats = false

    func run() async throws {
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = ProcessInfo.processInfo.environment["ATRIUM_LOG_LEVEL"].flatMap(Logger.Level.init(rawValue:)) ?? .warning
            return handler
        }
        let parallelism = serverOptions.parallelism
        guard parallelism >= 1 else { throw ValidationError("--parallelism must be at least 1") }
        let clock = try parseNow(now)
        let started = ContinuousClock.now

        // 1. Desired state.
        let loaded = try loadDesiredState(source, now: clock)
        let config = loaded.state.config
        // 2. Where and who.
        let client = try serverOptions.client(config: config)
        defer {
            if stats {
                let elapsed = ContinuousClock.now - started
                Terminal.standardError(String(
                    format: "stats: %d HTTP requests, %.2f s, peak memory %.1f MiB", client.requestCount,
                    seconds(elapsed), Double(Terminal.peakMemory()) / 1_048_576))
            }
        }

        // 3. Live state and plan.
        let live: LiveState
        do {
            live = try await LiveStateReader(client: client, parallelism: parallelism).read(organization: config.server.organization, desired: loaded.state)
        } catch {
            Terminal.standardError("error: cannot read the live state from \(client.baseURL): \(error)")
            await client.shutdown()
            throw ExitCode(1)
        }
        let planned = Planner(desired: loaded.state, live: live, now: clock, commit: loaded.commit).plan()
        let printer = DiagnosticPrinter(color: Terminal.useColor(on: 2))
        for diagnostic in planned.diagnostics { Terminal.standardError(printer.line(for: diagnostic)) }
        if planned.errorCount > 0 {
            Terminal.standardError("error: \(plural(planned.errorCount, "problem")) found while planning; nothing was changed")
            await client.shutdown()
            throw ExitCode(1)
        }
        var thePlan = planned.plan
        if !loaded.isWorktree {
            let tracing = ContinuousClock.now
            do {
                try ProvenanceTracer(source: GitSource(path: source.repo), prefix: source.path).annotate(&thePlan, revision: loaded.commit)
            } catch {
                Terminal.standardError("warning: provenance unavailable: \(error)")
            }
            if stats {
                Terminal.standardError(String(format: "stats: provenance of %d changes %.3f s", thePlan.actions.count, seconds(ContinuousClock.now - tracing)))
            }
        }

        if let saved = plan {
            let stored = try SavedPlan.read(saved)
            if stored.commit != thePlan.commit {
                Terminal.standardError("error: the plan in \(saved) was made at commit \(stored.commit.prefix(12)), but \(source.rev) is now \(thePlan.commit.prefix(12)); make a new plan")
                await client.shutdown()
                throw ExitCode(1)
            }
            if stored.liveFingerprint != thePlan.liveFingerprint || stored.server != thePlan.server {
                Terminal.standardError("error: the live state changed since the plan in \(saved) was made; make a new plan (atrium reconcile --dry-run --out \(saved))")
                await client.shutdown()
                throw ExitCode(1)
            }
            thePlan = stored
        }
        if let out {
            try SavedPlan.write(thePlan, to: out)
        }

        let formatter = PlanFormatter(color: Terminal.useColor(on: 1), provenance: provenance)
        if dryRun || thePlan.isEmpty {
            Terminal.standardOutput(render(thePlan, formatter: formatter, report: nil))
            await client.shutdown()
            if detailedExitcode && !thePlan.isEmpty { throw ExitCode(2) }
            return
        }

        // 4. Apply.
        if format == .text { Terminal.standardOutput(formatter.text(thePlan)) }
        let stop = StopFlag()
        let interrupt = Interrupt.install(stop)
        let progress = ProgressBar(enabled: Terminal.useColor(on: 2) || isatty(2) == 1, label: "applying")
        let report = await PlanExecutor(client: client, live: live, parallelism: parallelism, stop: stop) { done, total in
            progress.update(done, total)
        }.apply(thePlan)
        progress.finish()
        interrupt.cancel()
        await client.shutdown()

        switch format {
        case .text:
            for entry in report.entries where entry.url != nil {
                Terminal.standardOutput("snapshot \(entry.action.workspace) \(entry.action.snapshot ?? ""): \(entry.url ?? "")")
            }
            let applied = report.entries.count - report.failed.count
            if report.failed.isEmpty {
                Terminal.standardOutput("Applied \(plural(applied, "change")) (\(plural(report.requests, "request"))).")
            } else {
                Terminal.standardOutput("Applied \(applied) of \(plural(report.entries.count, "change")); \(report.failed.count) did not happen:")
                for entry in report.failed {
                    Terminal.standardOutput("  \(entry.outcome == .failed ? "failed" : "not attempted"): \(entry.action.workspace): \(PlanFormatter.phrase(entry.action)) — \(entry.error ?? "")")
                }
            }
        case .json, .markdown:
            Terminal.standardOutput(render(thePlan, formatter: formatter, report: report))
        }
        if report.interrupted { Terminal.standardError("stopped by Ctrl-C: run atrium reconcile again to finish") }
        if !report.succeeded {
            if !report.failed.isEmpty { Terminal.standardError("error: \(plural(report.failed.count, "change")) did not happen; run atrium reconcile again to converge") }
            throw ExitCode(1)
        }
    }

    private func render(_ plan: Plan, formatter: PlanFormatter, report: ApplyReport?) -> String {
        switch format {
        case .text:
            return formatter.text(plan)
        case .markdown:
            var text = formatter.markdown(plan)
            if let report {
                let applied = report.entries.count - report.failed.count
                text += "\n\n**Applied \(applied) of \(report.entries.count) changes.**"
                for entry in report.failed.prefix(50) {
                    text += "\n- ❌ `\(entry.action.workspace)`: \(PlanFormatter.phrase(entry.action)) — \(entry.error ?? "")"
                }
            }
            return text
        case .json:
            struct Output: Encodable {
                var plan: Plan
                var apply: ApplyReport?
                func encode(to encoder: any Encoder) throws {
                    try plan.encode(to: encoder)
                    if let apply {
                        var container = encoder.container(keyedBy: Key.self)
                        try container.encode(apply, forKey: .apply)
                    }
                }
                enum Key: String, CodingKey { case apply }
            }
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
            return (try? encoder.encode(Output(plan: plan, apply: report))).map { String(decoding: $0, as: UTF8.self) } ?? "{}"
        }
    }
}

enum PlanFormat: String, ExpressibleByArgument, CaseIterable {
    case text, json, markdown
}

/// Parses `--now`.
func parseNow(_ now: String?) throws -> Date {
    guard let now else { return Date() }
    guard let parsed = Timestamp.parse(now) else {
        throw ValidationError("--now `\(now)` is not an RFC 3339 timestamp (e.g. 2026-12-31T18:00:00Z)")
    }
    return parsed
}

/// Loads and validates the desired state; prints findings; exits 2 (unreadable) or 1 (invalid).
func loadDesiredState(_ source: SourceOptions, now: Date) throws -> LoadResult {
    let result: LoadResult
    do {
        result = try DesiredStateLoader.load(source.loaderOptions, now: now)
    } catch {
        Terminal.standardError("error: \(error)")
        throw ExitCode(2)
    }
    let printer = DiagnosticPrinter(color: Terminal.useColor(on: 2))
    for diagnostic in result.diagnostics { Terminal.standardError(printer.line(for: diagnostic)) }
    if !result.isValid {
        Terminal.standardError("error: the desired state at \(result.commit.prefix(12)) is invalid (\(plural(result.errorCount, "error"))); nothing was read from the server")
        throw ExitCode(1)
    }
    return result
}
