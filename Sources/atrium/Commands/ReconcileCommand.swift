import ArgumentParser
import AtriumClient
import AtriumCore
import AtriumReconcile
import Foundation
import Logging

struct ReconcileCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "reconcile",
        abstract: "Plan the changes that make the live server match git, and apply them.",
        discussion: """
            Reads the desired state at --rev through libgit2, reads the live server, and plans \
            creates, shares, role changes, unshares, link sharing, snapshots and releases. Every \
            problem is found before the first write. With --dry-run nothing is changed. On a \
            terminal the plan is shown and confirmed before it is applied; without one, applying \
            needs --auto-approve (or a saved --plan).
            Exit codes: 0 success (or no changes); 1 any error (unreadable repository or revision, \
            invalid state, server errors, refusals, a declined or partial apply); 2 with \
            --detailed-exitcode: the dry-run plan has changes or drift (grants, templates, parameters).
            """
    )

    @OptionGroup var source: SourceOptions

    @Flag(help: "Plan only; change nothing.")
    var dryRun = false

    @Option(help: "Output: text, json or markdown (for a pull-request comment).")
    var format: PlanFormat = .text

    @Flag(help: "Exit 2 when a dry-run plan has changes or drift (as terraform plan -detailed-exitcode).")
    var detailedExitcode = false

    @Flag(
        help: "Compare the parameters of existing workspaces with git (one request each; on with --detailed-exitcode).")
    var checkParameters = false

    @Flag(help: "Apply without asking for confirmation (for CI; without a terminal, applying needs it).")
    var autoApprove = false

    @OptionGroup var guards: GuardOptions

    @OptionGroup var serverOptions: ServerOptions

    @Option(help: "Judge expiries at this RFC 3339 time instead of the clock.")
    var now: String?

    @Option(help: "Save the plan as JSON to this file.")
    var out: String?

    @Option(help: "Apply exactly this saved plan; refused if the commit or the live state changed since.")
    var plan: String?

    @Flag(
        help: "Show where each change was declared and the commit that introduced it (the JSON plan always has both).")
    var provenance = false

    @Flag(help: "Print HTTP requests made, time and peak memory to stderr.")
    var stats = false

    func validate() throws {
        _ = try parseNow(now)
    }

    func run() async throws {
        try await ErrorReport.guarding(json: format == .json) { try await execute() }
    }

    /// The command, whose failure `run` reports in JSON too with `--format json`.
    private func execute() async throws {
        Logs.bootstrap()
        var options = Reconciler.Options(
            source: source.loaderOptions, now: try parseNow(now), parallelism: serverOptions.parallelism.taskLimit,
            savedPlan: try plan.map(SavedPlanFile.read), maxRemovals: try guards.removalLimit())
        options.allowOrgSettingChange = guards.allowOrgSettingChange
        options.dryRun = dryRun
        options.readParameters = checkParameters || detailedExitcode
        let output = ReconcilePrinter(
            format: format, provenance: provenance, stats: stats, savedPlanPath: plan, revision: source.rev)
        let stop = StopFlag()
        let progress = ProgressBar(enabled: Terminal.useColor(on: 2) || isatty(2) == 1, label: "applying")
        var interrupt: Interrupt?
        do {
            let result = try await Reconciler(options).run(
                connect: {
                    try serverOptions.located(
                        config: Config(server: $0), logger: Logger(label: "atrium"), observe: { _ in })
                },
                loaded: output.findings,
                planned: { planned in
                    try output.planned(planned, out: out)
                    if !options.readParameters { output.noteUncheckedParameters(planned) }
                },
                decide: { planned in
                    output.beforeApply(planned.plan)
                    try await Confirmation(autoApprove: autoApprove || plan != nil).confirm(planned.plan)
                    interrupt = Interrupt.install(stop)
                    return true
                },
                stop: stop, progress: progress.update)
            interrupt?.cancel()
            progress.finish()
            try output.finished(result, detailedExitcode: detailedExitcode)
            // Done: the process ends with the desired and live states still held, so their memory
            // goes back to the system at once instead of being freed object by object (a tenth
            // of a second for 100,000 workspaces).
            withExtendedLifetime(result) { Foundation.exit(0) }
        } catch {
            interrupt?.cancel()
            throw output.failure(error)
        }
    }
}

enum PlanFormat: String, ExpressibleByArgument, CaseIterable {
    case text, json, markdown
}
