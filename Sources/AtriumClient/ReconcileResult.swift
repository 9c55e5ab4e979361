import AtriumCore
import AtriumGit

/// What one reconcile did: the desired state read, the plan, what applying it did (`nil` when
/// it was not applied), how long each stage took, and how many requests were made.
public struct ReconcileResult: Sendable {
    public struct Timings: Sendable {
        public var load: Duration = .zero
        public var liveRead: Duration = .zero
        public var plan: Duration = .zero
        public var provenance: Duration = .zero
        public var apply: Duration = .zero
        public var total: Duration { load + liveRead + plan + provenance + apply }
    }

    public var loaded: LoadResult
    public var plan: Plan
    /// Warnings found while planning (errors stop the reconcile: `ReconcileError.planning`).
    public var diagnostics: [Diagnostic]
    /// Why the plan's sources carry no commits, when history could not be read.
    public var provenanceError: GitError?
    public var report: ApplyReport?
    public var timings: Timings
    public var requests: Int

    /// Whether the plan was refused for removing more than the limit allows (and so not applied).
    public var isRefused: Bool { plan.removals?.exceeded == true }
}

/// The plan, before it is applied: what `Reconciler.run` shows its caller, who decides.
public struct PlannedReconcile: Sendable {
    public var plan: Plan
    public var diagnostics: [Diagnostic]
    /// Whether history was read for provenance (not for the working tree).
    public var traced: Bool
    public var provenanceError: GitError?
    public var timings: ReconcileResult.Timings

    /// Whether the plan removes more than the limit allows: it will not be applied.
    public var isRefused: Bool { plan.removals?.exceeded == true }
}
