public import Foundation

/// `atrium review report`: the evidence an auditor asks for over a period — every grant in force
/// at any time in it, with the commit that granted it (author, date, the pull request and who
/// approved it, from the merge), the review campaigns that decided on it, and how it ended
/// (expired, revoked in a commit, or removed as drift by the controller).
public struct EvidencePack: Sendable, Encodable {
    /// One commit of the branch's first-parent history.
    public struct Point: Sendable {
        public var commit: CommitInfo
        /// The full message (a merge's carries the pull request and its approvals).
        public var message: String
        public var committer: String
        public var isMerge: Bool
        public var time: Date

        public init(commit: CommitInfo, message: String, committer: String, isMerge: Bool, time: Date) {
            self.commit = commit
            self.message = message
            self.committer = committer
            self.isMerge = isMerge
            self.time = time
        }
    }

    /// A change the controller applied that removed something git did not declare (its audit log).
    public struct DriftRemoval: Sendable {
        public var at: Date
        public var commit: String
        public var action: PlanAction

        public init(at: Date, commit: String, action: PlanAction) {
            self.at = at
            self.commit = commit
            self.action = action
        }
    }

    public struct Granted: Sendable, Encodable, Hashable {
        public var commit: String
        public var author: String
        public var date: String
        public var pullRequest: String?
        public var approvedBy: [String]
        /// Granted before the period: the commit is the first of the period that has it.
        public var beforePeriod: Bool

        enum CodingKeys: String, CodingKey {
            case commit, author, date
            case pullRequest = "pull_request"
            case approvedBy = "approved_by"
            case beforePeriod = "before_period"
        }
    }

    public struct Reviewed: Sendable, Encodable, Hashable {
        public var campaign: String
        public var reviewer: String
        public var decision: String
        public var comment: String?
        public var due: String
        /// When the decision took its value: the commit that set it (the period's first, when it
        /// was set before the period), its date and author.
        public var decidedIn: String?
        public var decidedAt: String?
        public var decidedBy: String?

        enum CodingKeys: String, CodingKey {
            case campaign, reviewer, decision, comment, due
            case decidedIn = "decided_in"
            case decidedAt = "decided_at"
            case decidedBy = "decided_by"
        }
    }

    public struct Ended: Sendable, Encodable, Hashable {
        /// `expired`, `revoked` or `removed-as-drift`.
        public var how: String
        public var at: String
        public var commit: String?
        public var by: String?
    }

    public struct Record: Sendable, Encodable, Hashable {
        /// `workspace`, `link`, `port`, `membership` or `template`.
        public var surface: String
        public var target: String
        public var subject: String
        public var role: String
        public var granted: Granted?
        public var reviews: [Reviewed]
        public var ended: Ended?
    }

    public var since: String
    public var until: String
    public var records: [Record]

    /// The pack for a history given as whole states (oldest first; the first is the state at the
    /// period's start). `EvidenceTracker` builds the same pack from each commit's files, working
    /// out again only what changed.
    public static func build(
        history: [(point: Point, state: DesiredState)], since: Date, until: Date, drift: [DriftRemoval]
    ) -> EvidencePack {
        var tracker = EvidenceTracker(since: since)
        for (index, entry) in history.enumerated() {
            tracker.add(entry.point, parts: [EvidenceTracker.Part(id: "\(index)", state: entry.state)])
        }
        return tracker.pack(until: until, drift: drift)
    }

    static func record(_ row: AccessReview.Row, granted: Granted) -> Record {
        let surface =
            row.workspace.hasPrefix("group ")
            ? "membership"
            : row.workspace.hasPrefix("template ")
                ? "template"
                : row.subject.hasPrefix("link:") ? "link" : row.subject.hasPrefix("port:") ? "port" : "workspace"
        return Record(
            surface: surface, target: row.workspace, subject: row.subject, role: row.role ?? "-", granted: granted,
            reviews: [], ended: nil)
    }

    static func granted(at point: Point, before: Bool) -> Granted {
        Granted(
            commit: point.commit.sha, author: point.commit.author, date: point.commit.date,
            pullRequest: point.isMerge ? pullRequest(point.message) : nil,
            approvedBy: point.isMerge ? approvals(point.message, committer: point.committer) : [], beforePeriod: before)
    }

    static func ending(expires: String?, at point: Point) -> Ended {
        if let expires, let date = Timestamp.parse(expires), date <= point.time {
            return Ended(how: "expired", at: expires, commit: nil, by: nil)
        }
        return Ended(how: "revoked", at: point.commit.date, commit: point.commit.sha, by: point.commit.author)
    }

    static func removal(_ drift: DriftRemoval) -> Record? {
        guard drift.action.change.isRemoval, let subject = drift.action.change.subject else { return nil }
        return Record(
            surface: "workspace", target: drift.action.workspace, subject: subject.description,
            role: removedRole(drift.action.change), granted: nil, reviews: [],
            ended: Ended(
                how: "removed-as-drift", at: Timestamp.format(drift.at), commit: drift.commit, by: "controller"))
    }

    private static func removedRole(_ change: Change) -> String {
        switch change {
        case .revoke(_, _, let was): was.rawValue
        case .removeMember: "member"
        default: "-"
        }
    }

    /// The record's grant as a campaign names it: `maria/api user:bob use`.
    static func key(_ record: Record) -> String {
        "\(record.target) \(record.subject) \(record.role)"
    }

    /// `#123` (GitHub's "Merge pull request #123") or `!45` (GitLab's "See merge request group/project!45").
    static func pullRequest(_ message: String) -> String? {
        if let match = message.firstMatch(of: /Merge pull request (#\d+)/) { return String(match.1) }
        if let match = message.firstMatch(of: /merge request [^\s!]*(![0-9]+)/) { return String(match.1) }
        return nil
    }

    /// The merge's committer and the approvals its message records (`Approved-by:`, `Reviewed-by:`).
    static func approvals(_ message: String, committer: String) -> [String] {
        let trailers = message.split(separator: "\n").compactMap { line -> String? in
            for prefix in ["Approved-by:", "Reviewed-by:"] where line.hasPrefix(prefix) {
                return line.dropFirst(prefix.count).trimmingCharacters(in: .whitespaces)
            }
            return nil
        }
        return [committer] + trailers.filter { $0 != committer }
    }
}
