import AtriumCore
import AtriumGit

/// What one reconcile did: the desired state read, the plan, what applying it did (`nil` when
/// it was not applied), how long each stage took, and how many requests were made.
public struct ReconcileResult: Sendable {
    public struct Timings: Sendable {
        public var load: Duration = .zero
        /// From the live read's start (during the load, as a rule) until the live state was known.
        public var liveRead: Duration = .zero
        /// The part of `liveRead` that ran while the desired state was loaded.
        public var liveReadOverlap: Duration = .zero
        public var plan: Duration = .zero
        public var provenance: Duration = .zero
        public var apply: Duration = .zero
        public var total: Duration { load + liveRead - liveReadOverlap + plan + provenance + apply }
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
    public var orgSettingAllowed: Bool
    /// How long requests waited for the server's rate limit, added up.
    public var rateLimitWait: Duration = .zero
    /// With `--parallelism auto`: the most requests it let out at once.
    public var peakConcurrency: Int?

    /// Whether the plan was refused (and so not applied): it removes more than the limit
    /// allows, or changes the organization's sharing setting without leave to.
    public var isRefused: Bool { plan.isRefused(orgSettingAllowed: orgSettingAllowed) }
    /// The guard that stopped the plan, if one did.
    public var refusal: Refusal? { plan.refusal(orgSettingAllowed: orgSettingAllowed) }
}

/// The plan, before it is applied: what `Reconciler.run` shows its caller, who decides.
public struct PlannedReconcile: Sendable {
    public var plan: Plan
    public var diagnostics: [Diagnostic]
    /// Whether history was read for provenance (not for the working tree).
    public var traced: Bool
    public var provenanceError: GitError?
    public var timings: ReconcileResult.Timings
    public var orgSettingAllowed: Bool
    /// The declared workspaces (`owner/name`) that declare parameters.
    public var declaredWithParameters: [String] = []

    /// Whether the plan will not be applied (see `ReconcileResult.isRefused`).
    public var isRefused: Bool { plan.isRefused(orgSettingAllowed: orgSettingAllowed) }
    /// The guard that stops the plan, if one does.
    public var refusal: Refusal? { plan.refusal(orgSettingAllowed: orgSettingAllowed) }
}
