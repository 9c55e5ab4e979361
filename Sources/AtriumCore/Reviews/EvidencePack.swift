public import Foundation

/// `atrium review report`: the evidence an auditor asks for over a period — every grant in force
/// at any time in it, with the commit that granted it (author, date, the pull request and who
/// approved it, from the merge), the review campaigns that decided on it, and how it ended
/// (expired, revoked in a commit, or removed as drift by the controller).
public struct EvidencePack: Sendable, Encodable {
    /// The desired state at one commit of the branch's first-parent history.
    public struct Point: Sendable {
        public var commit: CommitInfo
        /// The full message (a merge's carries the pull request and its approvals).
        public var message: String
        public var committer: String
        public var isMerge: Bool
        public var time: Date
        public var state: DesiredState

        public init(
            commit: CommitInfo, message: String, committer: String, isMerge: Bool, time: Date, state: DesiredState
        ) {
            self.commit = commit
            self.message = message
            self.committer = committer
            self.isMerge = isMerge
            self.time = time
            self.state = state
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

    /// The pack for `points` (oldest first; the first is the state at the period's start).
    public static func build(points: [Point], since: Date, until: Date, drift: [DriftRemoval]) -> EvidencePack {
        var open: [String: (record: Record, expires: String?)] = [:]
        var closed: [Record] = []
        for point in points {
            let rows = ReviewProgress.reviewable(
                AccessReview(
                    state: point.state, revision: .init(name: "", commit: point.commit.sha), at: max(point.time, since)
                )
                .rows)
            let keys = Dictionary(rows.map { (ReviewCampaign.key($0), $0) }, uniquingKeysWith: { first, _ in first })
            for (key, entry) in open where keys[key] == nil {
                var record = entry.record
                record.ended = ending(expires: entry.expires, at: point)
                closed.append(record)
                open[key] = nil
            }
            for (key, row) in keys where open[key] == nil {
                open[key] = (record(row, granted: granted(at: point, before: point.time < since)), row.expires)
            }
        }
        let reviews = campaigns(points)
        var records =
            closed
            + open.values.map { entry in
                var record = entry.record
                if let expires = entry.expires, let date = Timestamp.parse(expires), date <= until {
                    record.ended = Ended(how: "expired", at: expires, commit: nil, by: nil)
                }
                return record
            }
        records += drift.compactMap(removal)
        for index in records.indices {
            records[index].reviews =
                reviews["\(records[index].target) \(records[index].subject) \(records[index].role)"] ?? []
        }
        records.sort { ($0.target, $0.subject, $0.role) < ($1.target, $1.subject, $1.role) }
        return EvidencePack(since: Timestamp.format(since), until: Timestamp.format(until), records: records)
    }

    private static func record(_ row: AccessReview.Row, granted: Granted) -> Record {
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

    private static func granted(at point: Point, before: Bool) -> Granted {
        Granted(
            commit: point.commit.sha, author: point.commit.author, date: point.commit.date,
            pullRequest: point.isMerge ? pullRequest(point.message) : nil,
            approvedBy: point.isMerge ? approvals(point.message, committer: point.committer) : [], beforePeriod: before)
    }

    private static func ending(expires: String?, at point: Point) -> Ended {
        if let expires, let date = Timestamp.parse(expires), date <= point.time {
            return Ended(how: "expired", at: expires, commit: nil, by: nil)
        }
        return Ended(how: "revoked", at: point.commit.date, commit: point.commit.sha, by: point.commit.author)
    }

    private static func removal(_ drift: DriftRemoval) -> Record? {
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

    /// The decisions of the campaigns at the last point, each with the commit that set it.
    private static func campaigns(_ points: [Point]) -> [String: [Reviewed]] {
        var decided: [String: (decision: ReviewCampaign.Decision, point: Point)] = [:]
        for point in points {
            for campaign in point.state.reviews {
                for item in campaign.items
                where decided["\(campaign.name)\u{0}\(item.grant)"]?.decision != item.decision {
                    decided["\(campaign.name)\u{0}\(item.grant)"] = (item.decision, point)
                }
            }
        }
        var reviews: [String: [Reviewed]] = [:]
        for campaign in points.last?.state.reviews ?? [] {
            for item in campaign.items {
                let point = decided["\(campaign.name)\u{0}\(item.grant)"]?.point
                reviews[item.grant, default: []].append(
                    Reviewed(
                        campaign: campaign.name, reviewer: item.reviewer, decision: item.decision.rawValue,
                        comment: item.comment, due: Timestamp.format(campaign.due), decidedIn: point?.commit.sha,
                        decidedAt: point?.commit.date, decidedBy: point?.commit.author))
            }
        }
        return reviews
    }
}
