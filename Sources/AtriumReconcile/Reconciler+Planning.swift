import AtriumClient
import AtriumCore
import AtriumGit
import Foundation

extension Reconciler {
    /// Reads the live state, plans, traces provenance and checks a saved plan.
    func plan(
        _ load: LoadResult, read: LiveRead, timings: ReconcileResult.Timings
    ) async throws(ReconcileError) -> (LiveState, PlannedReconcile) {
        var timings = timings
        let client = read.client
        let (live, access) = try await liveState(load, read: read, timings: &timings)
        try await checkPermissions(live: live, load: load, client: client)
        let planned = await measureAsync(&timings.plan) { await runPlanner(load, live: live, access: access) }
        guard planned.errorCount == 0 else {
            throw .planning(diagnostics: planned.diagnostics, requests: client.requestCount)
        }
        var plan = planned.plan
        plan.worktree = load.isWorktree
        var provenanceError: GitError?
        if !load.isWorktree {
            provenanceError = measure(&timings.provenance) { annotate(&plan, commit: load.commit) }
        }
        if let saved = options.savedPlan {
            guard saved.commit == plan.commit else {
                throw .savedPlanCommit(saved: saved.commit, current: plan.commit, requests: client.requestCount)
            }
            guard saved.server == plan.server else {
                throw .savedPlanServer(saved: saved.server, current: plan.server, requests: client.requestCount)
            }
            // Applied only if planning now gives exactly the saved actions (what was reviewed).
            guard saved.liveFingerprint == plan.liveFingerprint, saved.digest == SavedPlan.digest(of: plan.actions)
            else {
                throw .savedPlanLiveState(
                    saved: saved.actions.count, now: plan.actions.count, requests: client.requestCount)
            }
        }
        var result = PlannedReconcile(
            plan: plan, diagnostics: planned.diagnostics, traced: !load.isWorktree, provenanceError: provenanceError,
            timings: timings,
            orgSettingAllowed: options.allowOrgSettingChange)
        if !options.readParameters {
            // For the note that parameters were not compared; not built when they were.
            result.declaredWithParameters = load.state.workspaces.lazy.filter { !$0.parameters.isEmpty }.map(
                \.id.description)
        }
        return (live, result)
    }

    /// The live state, and who may reach what by git alone (worked out while the live state is
    /// read: it needs nothing from the server).
    private func liveState(
        _ load: LoadResult, read: LiveRead, timings: inout ReconcileResult.Timings
    ) async throws(ReconcileError) -> (LiveState, EffectiveAccess) {
        let client = read.client
        let (state, now) = (load.state, options.now)
        async let access = offloaded { EffectiveAccess(state: state, now: now) }
        // The declared templates' ACLs are read as soon as the templates are listed, beside the
        // rest of the listing (a failure here is left to the assembly, which reads them again).
        let declared = state.templateAccess.map(\.template)
        let reader = LiveStateReader(client: client, parallelism: options.parallelism)
        async let acls: [String: [Subject: Role]]? = {
            guard !declared.isEmpty, let templates = await read.listedTemplates() else { return nil }
            return try? await reader.templateACLs(declared, of: templates)
        }()
        do {
            let listing = try await read.listing()
            let live = try await reader.assemble(
                listing, desired: load.state, parameters: options.readParameters, templateACLs: await acls)
            timings.liveRead = ContinuousClock.now - read.started
            return (live, await access)
        } catch {
            throw .liveState(server: client.baseURL, underlying: error, requests: client.requestCount)
        }
    }

    /// Whether the token may do what the desired state asks of the server.
    private func checkPermissions(live: LiveState, load: LoadResult, client: ServerClient) async throws(ReconcileError)
    {
        do {
            let check = PermissionCheck(client: client)
            if let missing = try await check.missing(
                organizationID: live.organizationID, organization: live.organization, desired: load.state)
            {
                throw ReconcileError.permission(missing, requests: client.requestCount)
            }
        } catch let error as ReconcileError {
            throw error
        } catch {
            throw .liveState(server: client.baseURL, underlying: error, requests: client.requestCount)
        }
    }

    /// Plans on every core, its removals counted under `--max-removals` when given. The planner
    /// and its map of who may reach what are let go here, before provenance is traced and the
    /// plan printed (a large plan's peak memory).
    private func runPlanner(_ load: LoadResult, live: LiveState, access: EffectiveAccess) async -> Planner.Result {
        let (state, now, commit, limit) = (load.state, options.now, load.commit, options.maxRemovals)
        return await offloaded {
            Planner(desired: state, live: live, now: now, commit: commit, access: access, removalLimit: limit)
                .plan(
                    chunks: ProcessInfo.processInfo.activeProcessorCount,
                    jobs: { DispatchQueue.concurrentPerform(iterations: $0, execute: $1) })
        }
    }

    /// Sets the commit that introduced each change's declaration; answers why not, if it cannot.
    private func annotate(_ plan: inout Plan, commit: String) -> GitError? {
        do throws(GitError) {
            try ProvenanceTracer(source: GitSource(path: options.source.repository), prefix: options.source.prefix)
                .annotate(&plan, revision: commit)
            return nil
        } catch {
            return error
        }
    }
}

/// Runs `body`, adding the time it took to `duration`.
func measure<T, Failure: Error>(_ duration: inout Duration, _ body: () throws(Failure) -> T) throws(Failure) -> T {
    let started = ContinuousClock.now
    defer { duration += ContinuousClock.now - started }
    return try body()
}

func measureAsync<T>(_ duration: inout Duration, _ body: () async throws -> T) async throws -> T {
    let started = ContinuousClock.now
    defer { duration += ContinuousClock.now - started }
    return try await body()
}

func measureAsync<T>(_ duration: inout Duration, _ body: () async -> T) async -> T {
    let started = ContinuousClock.now
    defer { duration += ContinuousClock.now - started }
    return await body()
}
