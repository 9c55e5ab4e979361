package import Foundation

/// What `/status` answers: the last cycle's commit, result and counts, the next run, and who
/// leads. Encoded with snake_case keys and RFC 3339 times.
package struct ControllerStatus: Sendable, Codable, Equatable {
    package enum Result: String, Sendable, Codable, CaseIterable {
        case success, failure, refused
        case dryRun = "dry-run"
    }

    package enum Role: String, Sendable, Codable {
        /// Holds the lock (or runs alone) and reconciles.
        case leader
        /// Waits for the lock; reconciles nothing.
        case standby
        /// Has not decided yet.
        case starting
    }

    /// This replica's name.
    package var identity: String
    package var role: Role = .starting
    /// The replica that holds the lock, as far as this one knows.
    package var leader: String?
    /// The remote and branch followed (credentials hidden).
    package var repository: String
    package var branch: String
    package var dryRun: Bool
    /// The commit the last cycle reconciled.
    package var commit: String?
    /// When the last cycle started and finished.
    package var startedAt: Date?
    package var finishedAt: Date?
    package var result: Result?
    /// Differences between git and the server the last cycle found (plan actions and drift
    /// kept by `prune.grants: false`).
    package var drift: Int = 0
    /// Actions the last cycle planned, and how many of them it applied.
    package var changesPlanned: Int = 0
    package var changesApplied: Int = 0
    /// Why the last cycle failed or was refused.
    package var error: String?
    /// Why the last fetch failed (the last good commit was reconciled instead), if it did.
    package var fetchError: String?
    /// The branch's head when its desired state is invalid (`commit` is then the last good
    /// commit, still enforced), and why.
    package var headCommit: String?
    package var headError: String?
    /// When the last cycle that succeeded finished.
    package var lastSuccessAt: Date?
    /// The next cycle, unless a webhook comes first.
    package var nextRun: Date?
    /// Cycles run since start.
    package var cycles: Int = 0

    /// Whether one cycle succeeded (for `/readyz`). A standby is ready when it has decided.
    package var isReady: Bool { role == .standby || lastSuccessAt != nil || result == .dryRun }

    package init(identity: String, repository: String, branch: String, dryRun: Bool) {
        self.identity = identity
        self.repository = repository
        self.branch = branch
        self.dryRun = dryRun
    }

    package static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.keyEncodingStrategy = .convertToSnakeCase
        encoder.dateEncodingStrategy = .iso8601
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
        return encoder
    }()

    package static let decoder: JSONDecoder = {
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        decoder.dateDecodingStrategy = .iso8601
        return decoder
    }()
}
