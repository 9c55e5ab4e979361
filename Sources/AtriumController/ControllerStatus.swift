package import AtriumCore
package import Foundation

/// What `/status` answers: the last cycle's commit, result and counts, the next run, and who
/// leads. Encoded with snake_case keys and RFC 3339 times.
package struct ControllerStatus: Sendable, Codable, Equatable {
    package enum Result: String, Sendable, Codable, CaseIterable {
        case success, failure, refused
        case dryRun = "dry-run"
        /// The head's desired state is invalid: the last good commit was enforced instead.
        case headInvalid = "head-invalid"
        /// A guard refused the head's plan: the last good commit was enforced instead.
        case headRefused = "head-refused"
    }

    /// Whether the controller enforces the branch's head: `ok`; `degraded` while it enforces
    /// the last good commit instead (the head is invalid or refused, or the branch cannot be
    /// fetched) or its last cycle failed after one had succeeded; `failing` before any cycle has.
    package enum Health: String, Sendable, Codable {
        case ok, degraded, failing
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
    /// What the last cycle did not compare with git, and why (never counted as in sync).
    package var notCompared: [NotCompared] = []
    /// Review campaigns past their due date with decisions pending (`atrium review status`).
    package var overdueReviews: [String] = []
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
    /// `invalid` or `refused`, while the head is not what is enforced.
    package var headProblem: String?
    /// Whether the head is enforced (see `Health`), as of the last cycle.
    package var health: Health = .failing
    /// When the last cycle that succeeded finished.
    package var lastSuccessAt: Date?
    /// The next cycle, unless a webhook comes first.
    package var nextRun: Date?
    /// Cycles run since start.
    package var cycles: Int = 0

    /// Whether the head is enforced (for `/readyz`). A standby is ready when it has decided.
    package var isReady: Bool { role == .standby || health == .ok }

    /// The health the last cycle leaves.
    var judgedHealth: Health {
        switch result {
        case .success?, .dryRun?: return headError == nil && fetchError == nil ? .ok : .degraded
        case .headInvalid?, .headRefused?: return .degraded
        case .failure?, .refused?: return lastSuccessAt == nil ? .failing : .degraded
        case nil: return .failing
        }
    }

    /// Why the controller is not ready, in one line (`nil` when it is).
    package var notReadyReason: String? {
        guard !isReady else { return nil }
        if let headCommit, let headError {
            let enforced = commit.map { "; enforcing the last good commit \($0.prefix(12))" } ?? ""
            return "degraded: the head \(headCommit.prefix(12)) is not applied: \(headError)\(enforced)"
        }
        if let fetchError {
            let enforced = commit.map { "; enforcing the last good commit \($0.prefix(12))" } ?? ""
            return "degraded: the branch cannot be fetched: \(fetchError)\(enforced)"
        }
        if let error { return "\(health.rawValue): the last cycle \(result?.rawValue ?? "failed"): \(error)" }
        return "not ready: no cycle has succeeded yet (see /status)"
    }

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
