public import Foundation

/// Where a campaign stands at `now` against the desired state: per reviewer, what is pending,
/// kept, revoked (and whether each revoked grant is gone from git), and whether it is overdue.
public struct ReviewProgress: Sendable {
    public struct Reviewer: Sendable, Hashable {
        public var name: String
        public var pending = 0
        public var kept = 0
        public var revoked = 0
        /// Revoked grants git still declares.
        public var revokedButDeclared = 0
    }

    public var campaign: String
    public var due: Date
    public var reviewers: [Reviewer]
    /// Past the due date with decisions pending or revocations not applied.
    public var isOverdue: Bool

    public init(_ campaign: ReviewCampaign, state: DesiredState, now: Date) {
        let declared = ReviewProgress.grants(in: state, at: now)
        var byReviewer: [String: Reviewer] = [:]
        for item in campaign.items {
            var reviewer = byReviewer[item.reviewer] ?? Reviewer(name: item.reviewer)
            switch item.decision {
            case .pending: reviewer.pending += 1
            case .keep: reviewer.kept += 1
            case .revoke:
                reviewer.revoked += 1
                if declared.contains(item.grant) { reviewer.revokedButDeclared += 1 }
            }
            byReviewer[item.reviewer] = reviewer
        }
        self.campaign = campaign.name
        due = campaign.due
        reviewers = byReviewer.values.sorted { $0.name < $1.name }
        isOverdue = now > campaign.due && reviewers.contains { $0.pending > 0 || $0.revokedButDeclared > 0 }
    }

    /// Every grant the state declares at `now`, by its review key (owners are not grants).
    public static func grants(in state: DesiredState, at now: Date) -> Set<String> {
        Set(
            reviewable(AccessReview(state: state, revision: .init(name: "", commit: ""), at: now).rows).map(
                ReviewCampaign.key))
    }

    /// The rows a campaign reviews: all but owners.
    public static func reviewable(_ rows: [AccessReview.Row]) -> [AccessReview.Row] {
        rows.filter { $0.role != "owner" }
    }

    /// `maria: 3 pending, 10 kept, 2 revoked (1 still in git)`.
    public static func describe(_ reviewer: Reviewer) -> String {
        var parts = ["\(reviewer.pending) pending", "\(reviewer.kept) kept", "\(reviewer.revoked) revoked"]
        if reviewer.revokedButDeclared > 0 { parts[2] += " (\(reviewer.revokedButDeclared) still in git)" }
        return "\(reviewer.name): " + parts.joined(separator: ", ")
    }
}
