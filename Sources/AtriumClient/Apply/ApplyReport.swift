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
        /// The plan's actions, one buffer shared by every entry of the report, and this
        /// entry's position in them: a report of 100,000 changes holds no copies of its actions.
        private let actions: [PlanAction]
        private let position: Int
        public var action: PlanAction { actions[position] }
        public var outcome: Outcome
        public var error: String?
        /// A snapshot's URL once taken, or a workspace's share URL once shared by link.
        public var url: String?

        /// The entry of the action at `position` in `actions` (the plan's).
        init(actions: [PlanAction], position: Int, outcome: Outcome, error: String? = nil, url: String? = nil) {
            self.actions = actions
            self.position = position
            self.outcome = outcome
            self.error = error
            self.url = url
        }

        public init(action: PlanAction, outcome: Outcome, error: String? = nil, url: String? = nil) {
            self.init(actions: [action], position: 0, outcome: outcome, error: error, url: url)
        }

        enum CodingKeys: String, CodingKey {
            case action, outcome, error, url
        }

        public init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            self.init(
                action: try container.decode(PlanAction.self, forKey: .action),
                outcome: try container.decode(Outcome.self, forKey: .outcome),
                error: try container.decodeIfPresent(String.self, forKey: .error),
                url: try container.decodeIfPresent(String.self, forKey: .url))
        }

        public func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(action, forKey: .action)
            try container.encode(outcome, forKey: .outcome)
            try container.encodeIfPresent(error, forKey: .error)
            try container.encodeIfPresent(url, forKey: .url)
        }
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
