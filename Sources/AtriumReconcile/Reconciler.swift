package import AtriumClient
package import AtriumCore
package import AtriumGit
package import AtriumYAML
package import Foundation

/// One reconcile, as `atrium reconcile` and the controller both run it: load the desired state
/// at a revision, read the live state, plan, trace provenance, check a saved plan, apply.
/// Every error is found before the first write. Every guard is enforced here, whatever the
/// caller answers: a dry run, an empty plan and a refused plan (too many removals, an
/// organization-setting change without leave) are never applied; the caller only confirms a
/// plan that may be.
package struct Reconciler: Sendable {
    package struct Options: Sendable {
        package var source: DesiredStateLoader.Options
        /// The instant expiries are judged at.
        package var now: Date
        package var parallelism: Int
        /// A plan saved earlier: applied only if planning now gives the same commit and live state.
        package var savedPlan: Plan?
        /// Overrides `prune.maxRemovals` (and the default): a plan that removes more is refused.
        package var maxRemovals: RemovalLimit?
        /// Whether a plan may change the organization's sharing setting (Coder deletes ACLs for it).
        package var allowOrgSettingChange = false
        /// Plan only: nothing is applied, whatever `decide` would answer (it is not asked).
        package var dryRun = false
        /// Whether the parameters of existing workspaces that declare some are read (one request
        /// each) and differences reported as drift.
        package var readParameters = false

        package init(
            source: DesiredStateLoader.Options, now: Date, parallelism: Int = 8, savedPlan: Plan? = nil,
            maxRemovals: RemovalLimit? = nil
        ) {
            self.source = source
            self.now = now
            self.parallelism = parallelism
            self.savedPlan = savedPlan
            self.maxRemovals = maxRemovals
        }
    }

    package let options: Options

    package init(_ options: Options) {
        self.options = options
    }

    /// Runs the reconcile. `loaded` sees the desired state's findings as soon as they are known;
    /// `planned` sees every plan (empty, refused or not); `decide` is asked only about a plan
    /// that may be applied (not a dry run, not empty, refused by no guard) and answers whether
    /// to apply it; `progress` follows the apply. `connect` makes the client for the server settings of the
    /// Config document; each client it makes is shut down before returning.
    ///
    /// The live state is read while the desired state is parsed: with the server a first pass
    /// over the files finds (`DesiredStateLoader.serverSettings`). Only what the full load
    /// confirms is used: when the Config decodes to other settings, that read is discarded and
    /// the live state read again; when the desired state is invalid, it is discarded and the
    /// reconcile stops with the state's findings. Either way nothing is written before the plan.
    package func run(
        connect: (Config.Server) throws -> ServerClient,
        loaded: (LoadResult) -> Void = { _ in },
        planned: (PlannedReconcile) throws -> Void = { _ in },
        decide: (PlannedReconcile) async throws -> Bool,
        stop: StopFlag = StopFlag(),
        progress: @escaping @Sendable (Int, Int) -> Void = { _, _ in }
    ) async throws(ReconcileError) -> ReconcileResult {
        var timings = ReconcileResult.Timings()
        let started = ContinuousClock.now
        let source = options.source
        let snapshot = try await offloaded { () -> Result<SourceSnapshot, GitError> in
            Result { () throws(GitError) in try DesiredStateLoader.files(source) }
        }.mapError { ReconcileError.unreadable($0) }.get()
        let guess = DesiredStateLoader.serverSettings(in: snapshot)
        let early = (try? connect(guess)).map {
            LiveRead.start(server: guess, client: $0, parallelism: options.parallelism)
        }
        let now = options.now
        // The working tree's status (for the note on uncommitted edits) after the read has started.
        let load = await offloaded {
            var snapshot = snapshot
            DesiredStateLoader.noteUncommittedEdits(in: &snapshot, source)
            return DesiredStateLoader.load(snapshot, now: now)
        }
        timings.load = ContinuousClock.now - started
        loaded(load)
        guard load.isValid else {
            await early?.discard()
            throw .invalid(load)
        }
        let read: LiveRead
        if let early, early.server == load.state.config.server {
            read = early
        } else {
            await early?.discard()
            do {
                read = LiveRead.start(
                    server: load.state.config.server, client: try connect(load.state.config.server),
                    parallelism: options.parallelism)
            } catch {
                throw .connect(error)
            }
        }
        timings.liveReadOverlap = max(.zero, ContinuousClock.now - read.started)
        do throws(ReconcileError) {
            let result = try await planAndApply(
                load, read: read, timings: timings, planned: planned, decide: decide, stop: stop, progress: progress)
            await read.client.shutdown()
            return result
        } catch {
            await read.client.shutdown()
            throw error
        }
    }

    private func planAndApply(
        _ load: LoadResult, read: LiveRead, timings: ReconcileResult.Timings,
        planned show: (PlannedReconcile) throws -> Void,
        decide: (PlannedReconcile) async throws -> Bool, stop: StopFlag,
        progress: @escaping @Sendable (Int, Int) -> Void
    ) async throws(ReconcileError) -> ReconcileResult {
        let client = read.client
        let (live, planned) = try await plan(load, read: read, timings: timings)
        var result = ReconcileResult(
            loaded: load, plan: planned.plan, diagnostics: planned.diagnostics,
            provenanceError: planned.provenanceError,
            report: nil, timings: planned.timings, requests: client.requestCount,
            orgSettingAllowed: planned.orgSettingAllowed)
        var apply = false
        do {
            try show(planned)
            if mayApply(planned) { apply = try await decide(planned) }
        } catch {
            throw .aborted(error)
        }
        if apply {
            let executor = PlanExecutor(
                client: client, live: live, parallelism: options.parallelism, stop: stop, progress: progress)
            result.report = await measureAsync(&result.timings.apply) { await executor.apply(planned.plan) }
        }
        result.requests = client.requestCount
        result.rateLimitWait = client.rateLimitWait
        result.peakConcurrency = client.peakConcurrency
        return result
    }

    /// The guards, in one place: a dry run, an empty plan and a refused plan are never applied.
    func mayApply(_ planned: PlannedReconcile) -> Bool {
        !options.dryRun && !planned.plan.isEmpty && planned.refusal == nil
    }
}
