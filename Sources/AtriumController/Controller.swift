import AtriumClient
import AtriumCore
import AtriumGit
import Foundation
package import Logging
import ServiceLifecycle
import Synchronization

/// The controller's loop as a service: a cycle at `begin()`, then one every interval and one at
/// once for each valid webhook; with a lock, only while leading. On graceful shutdown
/// (SIGTERM), the write units already started finish, nothing new starts, and `run` returns.
package final class Controller: Service, Sendable {
    package let configuration: ControllerConfiguration
    package let metrics: ControllerMetrics
    let board: StatusBoard
    let wakeup = Wakeup()
    private let stop = StopFlag()
    /// The cycle under way, and whether it has begun writing: on SIGTERM a cycle that only reads
    /// is cancelled at once; one that writes lets its units in flight finish, for at most
    /// `shutdownTimeout`.
    private let current = Mutex<Task<CycleOutcome, Never>?>(nil)
    private let writing = Atomic<Bool>(false)
    private let lock: LeaderLock?
    private let logger: Logger
    /// Tells people what cycles did, off the cycle.
    let notifier: Notifier
    private let detector: Mutex<EventDetector>

    package init(_ configuration: ControllerConfiguration, logger: Logger) throws {
        self.configuration = configuration
        self.logger = logger
        notifier = Notifier(
            configuration.notifications, identity: configuration.identity,
            repository: configuration.remote.displayURL, branch: configuration.remote.branch, logger: logger)
        detector = Mutex(EventDetector(window: configuration.warnExpiry))
        metrics = ControllerMetrics()
        board = StatusBoard(
            ControllerStatus(
                identity: configuration.identity, repository: configuration.remote.displayURL,
                branch: configuration.remote.branch,
                dryRun: configuration.dryRun))
        let scope = "\(configuration.remote.url)#\(configuration.remote.branch):\(configuration.prefix)"
        let wakeup = wakeup
        lock = try configuration.lockURL.map {
            try LeaderLock(url: $0, identity: configuration.identity, scope: scope, logger: logger) {
                wakeup.wake(.hook("forwarded"))
            }
        }
    }

    package var status: ControllerStatus { board.current }

    package func run() async throws {
        let delivery = Task { await notifier.run() }
        await withGracefulShutdownHandler {
            await loop()
        } onGracefulShutdown: { [self] in
            stop.stop()
            wakeup.finish()
            stopCycle()
        }
        await lock?.close()
        // What is queued goes out, for at most the shutdown timeout.
        notifier.finish()
        let limit = configuration.shutdownTimeout
        await withTaskGroup(of: Void.self) { group in
            group.addTask { await delivery.value }
            group.addTask { try? await Task.sleep(for: limit) }
            await group.next()
            group.cancelAll()
            delivery.cancel()
        }
    }

    /// Starts the first cycle (call once the HTTP endpoints are up, so a controller that cannot
    /// serve them changes nothing).
    package func begin() {
        wakeup.wake(.start)
    }

    /// A valid webhook: a cycle at once here, or, on a standby, on the leader (passed on
    /// through the lock's database). Answers where the cycle runs.
    func hook(_ source: String) async -> String {
        if let lock, board.current.role == .standby {
            let leader = board.current.leader ?? "the leader"
            if await lock.forwardHook() { return "passed to \(leader), which starts a cycle now" }
            return "this replica stands by and could not reach \(leader); its next interval picks the push up"
        }
        wakeup.wake(.hook(source))
        return "a cycle starts now"
    }

    private func loop() async {
        var timer: Task<Void, Never>?
        for await reason in wakeup.reasons {
            timer?.cancel()
            if stop.isStopped { break }
            if await leads() {
                await cycle(reason)
            }
            if stop.isStopped { break }
            // A standby asks for the lock at least every 5 s, so it takes over well within an interval.
            let interval =
                board.current.role == .standby ? min(configuration.interval, .seconds(5)) : configuration.interval
            board.update { $0.nextRun = Date().addingTimeInterval(interval.inSeconds) }
            timer = Task { [wakeup] in
                guard (try? await Task.sleep(for: interval)) != nil else { return }
                wakeup.wake(.timer)
            }
        }
        timer?.cancel()
    }

    /// Whether this replica leads: always without a lock; with one, while it holds it.
    private func leads() async -> Bool {
        guard let lock else {
            board.update {
                $0.role = .leader
                $0.leader = $0.identity
            }
            metrics.setLeader(true)
            return true
        }
        let leading = await lock.acquire()
        let holder = leading ? configuration.identity : await lock.holder()
        let previous = board.current.role
        board.update {
            $0.role = leading ? .leader : .standby
            $0.leader = holder
        }
        metrics.setLeader(leading)
        if leading, previous != .leader { logger.notice("leading: this replica holds the lock and reconciles") }
        if !leading, previous != .standby { logger.notice("standby: \(holder ?? "another replica") holds the lock") }
        return leading
    }

    /// Cancels a cycle that only reads; gives one that writes `shutdownTimeout` to finish.
    private func stopCycle() {
        guard writing.load(ordering: .acquiring) else {
            current.withLock { $0?.cancel() }
            return
        }
        let limit = configuration.shutdownTimeout
        Task { [self] in
            try? await Task.sleep(for: limit)
            current.withLock { $0?.cancel() }
        }
    }

    private func cycle(_ reason: Wakeup.Reason) async {
        let startedAt = Date()
        writing.store(false, ordering: .releasing)
        let task = Task { [self] in
            await ReconcileCycle(configuration: configuration, metrics: metrics).run(stop: stop) { [self] in
                writing.store(true, ordering: .releasing)
            }
        }
        current.withLock { $0 = task }
        if stop.isStopped { stopCycle() }
        let outcome = await task.value
        current.withLock { $0 = nil }
        let finishedAt = Date()
        metrics.record(outcome.result, duration: outcome.duration, drift: outcome.drift, finishedAt: finishedAt)
        metrics.setHead(outcome.headProblem)
        let previous = board.current
        board.update { status in
            status.apply(outcome, startedAt: startedAt, finishedAt: finishedAt)
        }
        let commit = outcome.commit.map { String($0.prefix(12)) } ?? "-"
        let line =
            "\(Timestamp.format(finishedAt)) \(outcome.result.rawValue) \(commit): "
            + "\(outcome.planned) planned, \(outcome.applied) applied\(outcome.error.map { "; \($0)" } ?? "")"
        board.record(cycle: line, review: outcome.review)
        if let path = configuration.auditLog, let commit = outcome.commit,
            let failure = await AuditLog(path: path, identity: configuration.identity).append(
                outcome.appliedActions, commit: commit, at: finishedAt)
        {
            logger.error("\(failure)")
        }
        let events = detector.withLock { $0.events(outcome, previous: previous, now: finishedAt) }
        for event in events { notifier.post(event, at: finishedAt) }
        log(outcome, reason: reason)
    }

    private func log(_ outcome: CycleOutcome, reason: Wakeup.Reason) {
        let metadata: Logger.Metadata = [
            "commit": "\(outcome.commit ?? "none")", "result": "\(outcome.result.rawValue)", "trigger": "\(reason)",
            "planned": "\(outcome.planned)", "applied": "\(outcome.applied)", "drift": "\(outcome.drift)",
            "duration_seconds": "\(String(format: "%.3f", outcome.duration.inSeconds))",
        ]
        var all = metadata
        if let error = outcome.error { all["error"] = "\(error)" }
        if let fetchError = outcome.fetchError { all["fetch_error"] = "\(fetchError)" }
        if let head = outcome.headCommit { all["head_commit"] = "\(head)" }
        if let headError = outcome.headError { all["head_error"] = "\(headError)" }
        if let problem = outcome.headProblem { all["head_problem"] = "\(problem.rawValue)" }
        let line = "cycle \(outcome.commit.map { String($0.prefix(12)) } ?? "-"): \(outcome.result.rawValue)"
        switch outcome.result {
        case .success, .dryRun:
            logger.info("\(line)", metadata: all)
        case .headInvalid, .headRefused:
            logger.warning("\(line) (the head is not applied; the last good commit is enforced)", metadata: all)
        case .refused, .failure: logger.error("\(line)", metadata: all)
        }
    }
}

extension ControllerStatus {
    mutating func apply(_ outcome: CycleOutcome, startedAt: Date, finishedAt: Date) {
        commit = outcome.commit ?? commit
        self.startedAt = startedAt
        self.finishedAt = finishedAt
        result = outcome.result
        drift = outcome.drift
        notCompared = outcome.notCompared
        overdueReviews = outcome.overdueReviews
        changesPlanned = outcome.planned
        changesApplied = outcome.applied
        error = outcome.error
        fetchError = outcome.fetchError
        headCommit = outcome.headCommit
        headError = outcome.headError
        headProblem = outcome.headProblem?.rawValue
        if outcome.result == .success { lastSuccessAt = finishedAt }
        cycles += 1
        health = judgedHealth
    }
}
