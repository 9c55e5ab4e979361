import Foundation

/// What `/status` answers: the last cycle's commit, result and counts, the next run, and who
/// leads. Encoded with snake_case keys and RFC 3339 times.
public struct ControllerStatus: Sendable, Codable, Equatable {
    public enum Result: String, Sendable, Codable, CaseIterable {
        case success, failure, refused
        case dryRun = "dry-run"
    }

    public enum Role: String, Sendable, Codable {
        /// Holds the lock (or runs alone) and reconciles.
        case leader
        /// Waits for the lock; reconciles nothing.
        case standby
        /// Has not decided yet.
        case starting
    }

    /// This replica's name.
    public var identity: String
    public var role: Role = .starting
    /// The replica that holds the lock, as far as this one knows.
    public var leader: String?
    /// The remote and branch followed (credentials hidden).
    public var repository: String
    public var branch: String
    public var dryRun: Bool
    /// The commit the last cycle reconciled.
    public var commit: String?
    /// When the last cycle started and finished.
    public var startedAt: Date?
    public var finishedAt: Date?
    public var result: Result?
    /// Differences between git and the server the last cycle found (plan actions and drift
    /// kept by `prune.grants: false`).
    public var drift: Int = 0
    /// Actions the last cycle planned, and how many of them it applied.
    public var changesPlanned: Int = 0
    public var changesApplied: Int = 0
    /// Why the last cycle failed or was refused.
    public var error: String?
    /// Why the last fetch failed (the last good commit was reconciled instead), if it did.
    public var fetchError: String?
    /// The branch's head when its desired state is invalid (`commit` is then the last good
    /// commit, still enforced), and why.
    public var headCommit: String?
    public var headError: String?
    /// When the last cycle that succeeded finished.
    public var lastSuccessAt: Date?
    /// The next cycle, unless a webhook comes first.
    public var nextRun: Date?
    /// Cycles run since start.
    public var cycles: Int = 0

    /// Whether one cycle succeeded (for `/readyz`). A standby is ready when it has decided.
    public var isReady: Bool { role == .standby || lastSuccessAt != nil || result == .dryRun }

    public init(identity: String, repository: String, branch: String, dryRun: Bool) {
        self.identity = identity
        self.repository = repository
        self.branch = branch
        self.dryRun = dryRun
    }

    public static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.keyEncodingStrategy = .convertToSnakeCase
        encoder.dateEncodingStrategy = .iso8601
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
        return encoder
    }()

    public static let decoder: JSONDecoder = {
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        decoder.dateDecodingStrategy = .iso8601
        return decoder
    }()
}
