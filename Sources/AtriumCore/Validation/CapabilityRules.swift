/// What git declares that the server cannot do, known from its `/buildinfo` alone: `validate
/// --server` finds it before any plan, and the planner refuses it before any write.
public enum CapabilityRules {
    /// Coder has no snapshot API: what it offers instead, for the hint.
    static let snapshotsOnCoder =
        "Coder keeps a workspace's home volume across builds and rebuilds the rest from its template; remove "
        + "`snapshots:`, or use a server with the `snapshots` extension such as `atrium serve`"

    public static func check(_ state: DesiredState, capabilities: LiveState.Capabilities, server: String)
        -> [Diagnostic]
    {
        guard !capabilities.snapshots else { return [] }
        return state.workspaces.compactMap { workspace in
            guard let first = workspace.snapshots.first else { return nil }
            return .error(
                at: first.location,
                "`\(workspace.id)` declares snapshots, but \(server) (\(capabilities.serverName)) has no snapshot API",
                hint: snapshotsOnCoder)
        }
    }
}
