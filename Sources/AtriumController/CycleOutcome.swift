import AtriumCore
import Foundation

/// What one cycle did, for the status, the metrics and the log line.
struct CycleOutcome: Sendable {
    var commit: String?
    var result: ControllerStatus.Result
    var drift = 0
    /// What the cycle's plan did not compare with git, and why.
    var notCompared: [NotCompared] = []
    var planned = 0
    var applied = 0
    /// Why the cycle failed or was refused.
    var error: String?
    /// Why the fetch failed, when the last good commit was reconciled instead.
    var fetchError: String?
    /// The branch's head, when it was invalid and the last good commit was reconciled instead.
    var headCommit: String?
    /// Why the head could not be reconciled.
    var headError: String?
    var headProblem: HeadProblem?
    /// The changes applied, one line each (`maria/api: user:dev-1 gains use`).
    var changes: [String] = []
    /// The actions applied, for the audit log.
    var appliedActions: [PlanAction] = []
    /// The reconciled commit's author.
    var author: String?
    /// Grants and memberships that expire within the controller's warning window, one line each.
    var expiring: [String] = []
    /// Who may reach what at the reconciled commit, for the page at `/`.
    var review: AccessReview?
    /// Review campaigns past their due date with decisions pending or revocations not applied.
    var overdueReviews: [String] = []

    /// Why the branch's head is not what the controller enforces.
    enum HeadProblem: String, Sendable, Codable {
        /// Its desired state is invalid, or cannot be planned against the server.
        case invalid
        /// A guard refused its plan (the removal limit, the organization setting).
        case refused
    }
    var duration: Duration = .zero

    static func failure(_ message: String, commit: String? = nil) -> CycleOutcome {
        CycleOutcome(commit: commit, result: .failure, error: message)
    }
}
