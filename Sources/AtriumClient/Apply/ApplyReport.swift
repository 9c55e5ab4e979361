package import AtriumCore
import Foundation
import Synchronization

/// What an apply did: each action applied, failed (with why) or not attempted.
package struct ApplyReport: Sendable, Codable {
    package enum Outcome: String, Sendable, Codable {
        case applied
        case failed
        /// Not attempted: stopped by Ctrl-C, or an earlier step of the same workspace failed.
        case notAttempted = "not-attempted"
    }

    package struct Entry: Sendable, Codable {
        /// The plan's actions, one buffer shared by every entry of the report, and this
        /// entry's position in them: a report of 100,000 changes holds no copies of its actions.
        private let actions: [PlanAction]
        private let position: Int
        package var action: PlanAction { actions[position] }
        package var outcome: Outcome
        package var error: String?
        /// A snapshot's URL once taken, or a workspace's share URL once shared by link.
        package var url: String?

        /// The entry of the action at `position` in `actions` (the plan's).
        init(actions: [PlanAction], position: Int, outcome: Outcome, error: String? = nil, url: String? = nil) {
            self.actions = actions
            self.position = position
            self.outcome = outcome
            self.error = error
            self.url = url
        }

        package init(action: PlanAction, outcome: Outcome, error: String? = nil, url: String? = nil) {
            self.init(actions: [action], position: 0, outcome: outcome, error: error, url: url)
        }

        enum CodingKeys: String, CodingKey {
            case action, outcome, error, url
        }

        package init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            self.init(
                action: try container.decode(PlanAction.self, forKey: .action),
                outcome: try container.decode(Outcome.self, forKey: .outcome),
                error: try container.decodeIfPresent(String.self, forKey: .error),
                url: try container.decodeIfPresent(String.self, forKey: .url))
        }

        package func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(action, forKey: .action)
            try container.encode(outcome, forKey: .outcome)
            try container.encodeIfPresent(error, forKey: .error)
            try container.encodeIfPresent(url, forKey: .url)
        }
    }

    package var entries: [Entry]
    package var requests: Int
    package var interrupted: Bool

    /// The changes that did not happen: those that failed and those never attempted.
    package var unapplied: [Entry] { entries.filter { $0.outcome != .applied } }
    package var appliedCount: Int { entries.count - unapplied.count }
    package var succeeded: Bool { unapplied.isEmpty && !interrupted }
}

/// A flag set from a signal handler and read by the executor: stop starting new work.
package final class StopFlag: Sendable {
    private let stopped = Atomic<Bool>(false)

    package init() {}
    package func stop() { stopped.store(true, ordering: .releasing) }
    package var isStopped: Bool { stopped.load(ordering: .acquiring) }
}
