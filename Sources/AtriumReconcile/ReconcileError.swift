import AtriumClient
package import AtriumCore
package import AtriumGit

/// Why a reconcile stopped before applying, with what is needed to say so. Nothing was written
/// to the server in any of these cases.
package enum ReconcileError: Error, Sendable {
    /// The repository or revision could not be read at all.
    case unreadable(GitError)
    /// The desired state has errors (the diagnostics are in the load result).
    case invalid(LoadResult)
    /// No client could be made for the server (`connect` threw).
    case connect(any Error)
    /// The live state could not be read.
    case liveState(server: String, underlying: any Error, requests: Int)
    /// The token may not see or change everything the plan needs (Coder's authcheck).
    case permission(String, requests: Int)
    /// Planning found errors (unknown users, templates, missing capabilities, policy).
    case planning(diagnostics: [Diagnostic], requests: Int)
    /// A saved plan was made at another commit than the one read now.
    case savedPlanCommit(saved: String, current: String, requests: Int)
    /// A saved plan was made for another server.
    case savedPlanServer(saved: String, current: String, requests: Int)
    /// Planning now does not give the saved plan's actions: the live state changed since.
    case savedPlanLiveState(saved: Int, now: Int, requests: Int)
    /// The caller's `decide` threw (it could not save or show the plan, say).
    case aborted(any Error)
}

extension ReconcileError {
    /// A stable name for the case, for machine-readable output (`"live-state"`, `"planning"`).
    package var kind: String {
        switch self {
        case .unreadable: return "unreadable"
        case .invalid: return "invalid"
        case .connect: return "connect"
        case .liveState: return "live-state"
        case .permission: return "permission"
        case .planning: return "planning"
        case .savedPlanCommit: return "saved-plan-commit"
        case .savedPlanServer: return "saved-plan-server"
        case .savedPlanLiveState: return "saved-plan-live-state"
        case .aborted: return "aborted"
        }
    }
}
