package import AtriumClient
package import AtriumCore
package import AtriumGit

/// What one reconcile did: the desired state read, the plan, what applying it did (`nil` when
/// it was not applied), how long each stage took, and how many requests were made.
package struct ReconcileResult: Sendable {
    package struct Timings: Sendable {
        package var load: Duration = .zero
        /// From the live read's start (during the load, as a rule) until the live state was known.
        package var liveRead: Duration = .zero
        /// The part of `liveRead` that ran while the desired state was loaded.
        package var liveReadOverlap: Duration = .zero
        package var plan: Duration = .zero
        package var provenance: Duration = .zero
        package var apply: Duration = .zero
        package var total: Duration { load + liveRead - liveReadOverlap + plan + provenance + apply }
    }

    package var loaded: LoadResult
    package var plan: Plan
    /// Warnings found while planning (errors stop the reconcile: `ReconcileError.planning`).
    package var diagnostics: [Diagnostic]
    /// Why the plan's sources carry no commits, when history could not be read.
    package var provenanceError: GitError?
    package var report: ApplyReport?
    package var timings: Timings
    package var requests: Int
    package var orgSettingAllowed: Bool
    /// How long requests waited for the server's rate limit, added up.
    package var rateLimitWait: Duration = .zero
    /// With `--parallelism auto`: the most requests it let out at once.
    package var peakConcurrency: Int?

    /// Whether the plan was refused (and so not applied): it removes more than the limit
    /// allows, or changes the organization's sharing setting without leave to.
    package var isRefused: Bool { plan.isRefused(orgSettingAllowed: orgSettingAllowed) }
    /// The guard that stopped the plan, if one did.
    package var refusal: Refusal? { plan.refusal(orgSettingAllowed: orgSettingAllowed) }
}

/// The plan, before it is applied: what `Reconciler.run` shows its caller, who decides.
package struct PlannedReconcile: Sendable {
    package var plan: Plan
    package var diagnostics: [Diagnostic]
    /// Whether history was read for provenance (not for the working tree).
    package var traced: Bool
    package var provenanceError: GitError?
    package var timings: ReconcileResult.Timings
    package var orgSettingAllowed: Bool
    /// The declared workspaces (`owner/name`) that declare parameters, when they were not read.
    package var declaredWithParameters: [String] = []

    /// Whether the plan will not be applied (see `ReconcileResult.isRefused`).
    package var isRefused: Bool { plan.isRefused(orgSettingAllowed: orgSettingAllowed) }
    /// The guard that stops the plan, if one does.
    package var refusal: Refusal? { plan.refusal(orgSettingAllowed: orgSettingAllowed) }
}
