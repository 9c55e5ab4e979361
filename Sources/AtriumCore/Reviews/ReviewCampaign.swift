public import Foundation

/// A `kind: AccessReview` document: a review campaign. Every effective grant at the commit it
/// started from, grouped by reviewer, each with a decision reviewers set in a pull request.
public struct ReviewCampaign: Sendable {
    public enum Decision: String, Sendable, Hashable, CaseIterable {
        case pending, keep, revoke
    }

    /// One grant under review.
    public struct Item: Sendable, Hashable {
        public var reviewer: String
        /// `maria/api user:dev-1 use`, `group qa user:jonas member`, `template go-dev group:qa use`.
        public var grant: String
        public var decision: Decision
        public var comment: String?
        public var location: SourceLocation

        public init(
            reviewer: String, grant: String, decision: Decision, comment: String? = nil, location: SourceLocation
        ) {
            self.reviewer = reviewer
            self.grant = grant
            self.decision = decision
            self.comment = comment
            self.location = location
        }
    }

    public var name: String
    public var due: Date
    public var startedAt: Date?
    /// The commit the campaign's grants were read at.
    public var commit: String?
    public var items: [Item]
    public var location: SourceLocation
    public var nameLocation: SourceLocation

    public init(
        name: String, due: Date, startedAt: Date? = nil, commit: String? = nil, items: [Item],
        location: SourceLocation, nameLocation: SourceLocation? = nil
    ) {
        self.name = name
        self.due = due
        self.startedAt = startedAt
        self.commit = commit
        self.items = items
        self.location = location
        self.nameLocation = nameLocation ?? location
    }

    /// The key a grant is reviewed under: its row of `atrium access`.
    public static func key(_ row: AccessReview.Row) -> String {
        "\(row.workspace) \(row.subject) \(row.role ?? "-")"
    }
}
