import CoreMetrics
import Foundation
import Prometheus
import Synchronization

/// The controller's metrics, made through swift-metrics with a swift-prometheus factory on a
/// registry of their own (no global bootstrap, so several controllers can run in one process),
/// and emitted in Prometheus' text format for `/metrics`.
package final class ControllerMetrics: Sendable {
    let registry = PrometheusCollectorRegistry()
    private let factory: PrometheusMetricsFactory
    private let reconciles: [ControllerStatus.Result: CoreMetrics.Counter]
    private let duration: CoreMetrics.Timer
    private let drift: CoreMetrics.Gauge
    private let lastSuccess: CoreMetrics.Gauge
    private let fetchFailures: CoreMetrics.Counter
    private let leader: CoreMetrics.Gauge
    /// `atrium_head_degraded{reason}`: 1 while the head is invalid or refused (the last good
    /// commit is enforced instead), 0 otherwise.
    private let degraded: [CycleOutcome.HeadProblem: CoreMetrics.Gauge]
    /// `atrium_http_requests_total` by status, made once per status (every answer counts one).
    private let answers = Mutex<[String: CoreMetrics.Counter]>([:])

    package init() {
        var factory = PrometheusMetricsFactory(registry: registry)
        factory.durationHistogramBuckets["atrium_reconcile_duration_seconds"] = [
            .milliseconds(100), .milliseconds(250), .milliseconds(500), .seconds(1), .milliseconds(2500), .seconds(5),
            .seconds(10),
            .seconds(30), .seconds(60), .seconds(120), .seconds(300), .seconds(600),
        ]
        self.factory = factory
        var counters: [ControllerStatus.Result: CoreMetrics.Counter] = [:]
        for result in ControllerStatus.Result.allCases {
            counters[result] = CoreMetrics.Counter(
                label: "atrium_reconciles_total", dimensions: [("result", result.rawValue)], factory: factory)
        }
        reconciles = counters
        duration = CoreMetrics.Timer(label: "atrium_reconcile_duration_seconds", factory: factory)
        drift = CoreMetrics.Gauge(label: "atrium_drift_changes", factory: factory)
        lastSuccess = CoreMetrics.Gauge(label: "atrium_last_success_timestamp_seconds", factory: factory)
        fetchFailures = CoreMetrics.Counter(label: "atrium_git_fetch_failures_total", factory: factory)
        leader = CoreMetrics.Gauge(label: "atrium_leader", factory: factory)
        degraded = [
            .invalid: CoreMetrics.Gauge(
                label: "atrium_head_degraded", dimensions: [("reason", "invalid")], factory: factory),
            .refused: CoreMetrics.Gauge(
                label: "atrium_head_degraded", dimensions: [("reason", "refused")], factory: factory),
        ]
        setHead(nil)
    }

    /// Whether the head is enforced, or why not.
    func setHead(_ problem: CycleOutcome.HeadProblem?) {
        for (reason, gauge) in degraded { gauge.record(reason == problem ? 1 : 0) }
    }

    /// Counts one cycle.
    func record(_ result: ControllerStatus.Result, duration elapsed: Duration, drift found: Int, finishedAt: Date) {
        reconciles[result]?.increment()
        duration.recordNanoseconds(
            Int64(elapsed.components.seconds) * 1_000_000_000 + elapsed.components.attoseconds / 1_000_000_000)
        drift.record(found)
        if result == .success { lastSuccess.record(finishedAt.timeIntervalSince1970) }
    }

    func fetchFailed() { fetchFailures.increment() }

    func setLeader(_ isLeader: Bool) { leader.record(isLeader ? 1 : 0) }

    /// Counts an answer from the workspace server by status (`error` when none came).
    func serverAnswered(_ status: Int?) {
        let code = status.map(String.init) ?? "error"
        let counter = answers.withLock { counters in
            if let counter = counters[code] { return counter }
            let counter = CoreMetrics.Counter(
                label: "atrium_http_requests_total", dimensions: [("code", code)], factory: factory)
            counters[code] = counter
            return counter
        }
        counter.increment()
    }

    /// The Prometheus text exposition.
    package func exposition() -> [UInt8] {
        registry.emitToBuffer()
    }
}
