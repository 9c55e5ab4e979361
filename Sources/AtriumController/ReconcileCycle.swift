import AtriumClient
import AtriumCore
import AtriumGit
import AtriumReconcile
import Foundation
import Logging
import NIOPosix

/// One cycle: fetch the branch, then reconcile its head (new commit or not: that is the drift
/// correction) with the same planning, guards and apply as `atrium reconcile --auto-approve`.
/// A failed fetch, or a head whose desired state is invalid (or cannot be planned) or whose plan
/// a guard refuses, keeps the last good commit enforced and reports both: drift is corrected
/// while the branch is broken, and the status, readiness and metrics say the head is not.
struct ReconcileCycle: Sendable {
    let configuration: ControllerConfiguration
    let metrics: ControllerMetrics

    /// `writes` is called when the apply begins (the reads are over).
    func run(stop: StopFlag, writes: @escaping @Sendable () -> Void = {}) async -> CycleOutcome {
        let started = ContinuousClock.now
        var outcome: CycleOutcome
        switch await fetch() {
        case .success(let head):
            outcome = await reconcileHead(head, stop: stop, writes: writes)
        case .failure(let error):
            metrics.fetchFailed()
            if let lastGood = try? await lastGoodCommit() {
                outcome = await reconcile(lastGood, stop: stop, writes: writes).outcome
                outcome.fetchError = error.description
            } else {
                outcome = .failure(error.description)
            }
        }
        outcome.duration = ContinuousClock.now - started
        return outcome
    }

    /// Fetches on NIO's thread pool: libgit2 blocks on the network, Swift's pool must not.
    private func fetch() async -> Result<String, GitError> {
        let directory = configuration.checkoutDirectory
        let remote = configuration.remote
        do {
            return .success(
                try await NIOThreadPool.singleton.runIfActive { try GitMirror(path: directory, remote: remote).fetch() }
            )
        } catch let error as GitError {
            return .failure(error)
        } catch {
            return .failure(GitError(.other, "cannot fetch \(remote.displayURL): \(error)"))
        }
    }

    /// The head, or the last good commit when the head's desired state is invalid or its plan
    /// is refused.
    private func reconcileHead(_ head: String, stop: StopFlag, writes: @escaping @Sendable () -> Void) async
        -> CycleOutcome
    {
        let (outcome, problem) = await reconcile(head, stop: stop, writes: writes)
        guard let problem else {
            if outcome.result == .success || outcome.result == .dryRun { await markGood(head) }
            return outcome
        }
        guard let good = try? await lastGoodCommit(), good != head else { return outcome }
        var fallback = await reconcile(good, stop: stop, writes: writes).outcome
        fallback.headCommit = head
        fallback.headProblem = problem
        fallback.headError = outcome.error ?? "the desired state is invalid"
        if fallback.result == .success {
            fallback.result = problem == .invalid ? .headInvalid : .headRefused
        }
        return fallback
    }

    /// The last commit recorded good, or (before any was) the fetched head.
    private func lastGoodCommit() async throws -> String {
        let directory = configuration.checkoutDirectory
        let remote = configuration.remote
        return try await NIOThreadPool.singleton.runIfActive {
            let mirror = try GitMirror(path: directory, remote: remote)
            return try mirror.lastGood() ?? mirror.head()
        }
    }

    private var warnExpiry: Duration { configuration.warnExpiry }

    /// The author of `commit`, read from the mirror.
    private func commitAuthor(_ commit: String) async throws -> String {
        let directory = configuration.checkoutDirectory
        return try await NIOThreadPool.singleton.runIfActive {
            try GitSource(path: directory).commitInfo(commit).author
        }
    }

    private func markGood(_ commit: String) async {
        let directory = configuration.checkoutDirectory
        let remote = configuration.remote
        _ = try? await NIOThreadPool.singleton.runIfActive {
            try GitMirror(path: directory, remote: remote).markGood(commit)
        }
    }

    /// Reconciles `commit`; answers too whether its desired state was invalid or could not be
    /// planned, or a guard refused its plan (so that the last good commit is enforced instead).
    private func reconcile(_ commit: String, stop: StopFlag, writes: @escaping @Sendable () -> Void) async -> (
        outcome: CycleOutcome, problem: CycleOutcome.HeadProblem?
    ) {
        var options = Reconciler.Options(
            source: .init(repository: configuration.checkoutDirectory, revision: commit, prefix: configuration.prefix),
            now: Date(), parallelism: configuration.parallelism, maxRemovals: configuration.maxRemovals)
        options.allowOrgSettingChange = configuration.allowOrgSettingChange
        options.dryRun = configuration.dryRun
        let dryRun = configuration.dryRun
        let connect = configuration.connect
        let metrics = metrics
        do {
            let result = try await Reconciler(options).run(
                connect: { server in try connect(Config(server: server), { metrics.serverAnswered($0) }) },
                decide: { _ in
                    writes()
                    return !stop.isStopped
                },
                stop: stop)
            var outcome = Self.outcome(of: result, commit: commit, dryRun: dryRun)
            outcome.expiring = ExpiringAccess.lines(in: result.loaded.state, now: options.now, within: warnExpiry)
            if outcome.applied > 0 { outcome.author = try? await commitAuthor(commit) }
            outcome.overdueReviews = result.loaded.state.reviews.filter {
                ReviewProgress($0, state: result.loaded.state, now: options.now).isOverdue
            }.map(\.name)
            var review = AccessReview(
                state: result.loaded.state, revision: .init(name: configuration.remote.branch, commit: commit),
                at: options.now)
            // What was not applied is still drift: marked on the page.
            if result.report == nil { review.mark(pending: result.plan.actions) }
            outcome.review = review
            return (outcome, result.refusal.map { _ in .refused })
        } catch {
            switch error {
            case .invalid, .planning: return (.failure(error.description, commit: commit), .invalid)
            default: return (.failure(error.description, commit: commit), nil)
            }
        }
    }

    static func outcome(of result: ReconcileResult, commit: String, dryRun: Bool) -> CycleOutcome {
        var outcome = CycleOutcome(commit: commit, result: .success)
        outcome.planned = result.plan.actions.count
        outcome.drift = result.plan.actions.count + result.plan.drift.count
        outcome.notCompared = result.plan.notCompared
        if let refusal = result.refusal {
            outcome.result = .refused
            outcome.error = refusal.message
        } else if dryRun {
            outcome.result = .dryRun
        } else if let report = result.report {
            outcome.applied = report.appliedCount
            outcome.appliedActions = report.entries.filter { $0.outcome == .applied }.map(\.action)
            outcome.changes = outcome.appliedActions.map { "\($0.workspace): \(PlanFormatter.phrase($0))" }
            if !report.succeeded {
                outcome.result = .failure
                let first =
                    report.unapplied.first.map { ": \($0.action.workspace): \($0.error ?? "not attempted")" } ?? ""
                outcome.error =
                    report.interrupted
                    ? "stopped by shutdown after \(report.appliedCount) of \(report.entries.count) changes; "
                        + "the next start converges"
                    : "\(report.unapplied.count) of \(report.entries.count) changes did not happen\(first)"
            }
        }
        return outcome
    }
}
