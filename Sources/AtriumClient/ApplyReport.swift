import AtriumCore
import Foundation
import Synchronization

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
        /// A snapshot's URL once taken, or a workspace's share URL once shared by link.
        public var url: String?
    }

    public var entries: [Entry]
    public var requests: Int
    public var interrupted: Bool

    /// The changes that did not happen: those that failed and those never attempted.
    public var unapplied: [Entry] { entries.filter { $0.outcome != .applied } }
    public var appliedCount: Int { entries.count - unapplied.count }
    public var succeeded: Bool { unapplied.isEmpty && !interrupted }
}

/// A flag set from a signal handler and read by the executor: stop starting new work.
public final class StopFlag: Sendable {
    private let stopped = Atomic<Bool>(false)

    public init() {}
    public func stop() { stopped.store(true, ordering: .releasing) }
    public var isStopped: Bool { stopped.load(ordering: .acquiring) }
}

