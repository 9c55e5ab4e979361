import AtriumCore
import AtriumGit
import AtriumYAML
import Foundation

/// One reconcile, as `atrium reconcile` and the controller both run it: load the desired state
/// at a revision, read the live state, plan, trace provenance, check a saved plan, apply.
/// Every error is found before the first write; the caller sees the plan and decides whether
/// it is applied.
public struct Reconciler: Sendable {
    public struct Options: Sendable {
        public var source: DesiredStateLoader.Options
        /// The instant expiries are judged at.
        public var now: Date
        public var parallelism: Int
        /// A plan saved earlier: applied only if planning now gives the same commit and live state.
        public var savedPlan: Plan?
        /// Overrides `prune.maxRemovals` (and the default): a plan that removes more is refused.
        public var maxRemovals: RemovalLimit?
        /// Whether a plan may change the organization's sharing setting (Coder deletes ACLs for it).
        public var allowOrgSettingChange = false

        public init(
            source: DesiredStateLoader.Options, now: Date, parallelism: Int = 8, savedPlan: Plan? = nil, maxRemovals: RemovalLimit? = nil
        ) {
            self.source = source
            self.now = now
            self.parallelism = parallelism
            self.savedPlan = savedPlan
            self.maxRemovals = maxRemovals
        }
    }

    public let options: Options

    public init(_ options: Options) {
        self.options = options
    }

    /// Runs the reconcile. `loaded` sees the desired state's findings as soon as they are known;
    /// `decide` sees the plan (empty or not) and answers whether to apply it; a plan that removes
    /// more than the removal limit is never applied, whatever `decide` answers;
    /// `progress` follows the apply. The client `connect` makes is shut down before returning.
    public func run(
        connect: (Config) throws -> ServerClient,
        loaded: (LoadResult) -> Void = { _ in },
        decide: (PlannedReconcile) async throws -> Bool,
        stop: StopFlag = StopFlag(),
        progress: @escaping @Sendable (Int, Int) -> Void = { _, _ in }
    ) async throws(ReconcileError) -> ReconcileResult {
        var timings = ReconcileResult.Timings()
        let load = try measure(&timings.load) { () throws(ReconcileError) in try self.load() }
        loaded(load)
        guard load.isValid else { throw .invalid(load) }
        let client: ServerClient
        do { client = try connect(load.state.config) } catch { throw .connect(error) }
        do throws(ReconcileError) {
            let result = try await planAndApply(load, client: client, timings: timings, decide: decide, stop: stop, progress: progress)
            await client.shutdown()
            return result
        } catch {
            await client.shutdown()
            throw error
        }
    }

    private func planAndApply(
        _ load: LoadResult, client: ServerClient, timings: ReconcileResult.Timings, decide: (PlannedReconcile) async throws -> Bool,
        stop: StopFlag, progress: @escaping @Sendable (Int, Int) -> Void
    ) async throws(ReconcileError) -> ReconcileResult {
        let (live, planned) = try await plan(load, client: client, timings: timings)
        var result = ReconcileResult(
            loaded: load, plan: planned.plan, diagnostics: planned.diagnostics, provenanceError: planned.provenanceError,
            report: nil, timings: planned.timings, requests: client.requestCount, orgSettingAllowed: planned.orgSettingAllowed)
        let apply: Bool
        do { apply = try await decide(planned) } catch { throw .aborted(error) }
        if apply {
            let executor = PlanExecutor(client: client, live: live, parallelism: options.parallelism, stop: stop, progress: progress)
            result.report = await measureAsync(&result.timings.apply) { await executor.apply(planned.plan) }
        }
        result.requests = client.requestCount
        result.rateLimitWait = await client.rateLimitWait
        result.peakConcurrency = await client.peakConcurrency
        return result
    }

    func load() throws(ReconcileError) -> LoadResult {
        do {
            return try DesiredStateLoader.load(options.source, now: options.now)
        } catch {
            throw .unreadable(error)
        }
    }
}
