import AtriumCore
import Foundation

/// What an apply did: each action applied, failed (with why) or not attempted.
public struct ApplyReport: Sendable, Codable {
    public enum Outcome: String, Sendable, Codable {
        case applied
        case failed
        /// Not attempted: stopped by Ctrl-C, or an earlier step of the same workspace failed.
        case notAttempted = "not-attempted"
    }

    public struct Entry: Sendable, Codable {
        public var action: PlanAction
        public var outcome: Outcome
        public var error: String?
        /// A snapshot's URL, once taken.
        public var url: String?
    }

    public var entries: [Entry]
    public var requests: Int
    public var interrupted: Bool

    public var failed: [Entry] { entries.filter { $0.outcome != .applied } }
    public var succeeded: Bool { failed.isEmpty && !interrupted }
}

/// A flag set from a signal handler and read by the executor: stop starting new work.
public final class StopFlag: @unchecked Sendable {
    // @unchecked: `stopped` is only touched under `lock`.
    private let lock = NSLock()
    private var stopped = false

    public init() {}
    public func stop() { lock.withLock { stopped = true } }
    public var isStopped: Bool { lock.withLock { stopped } }
}

