extension Config.Scope {
    /// Whether Atrium governs a live workspace (may change its sharing): every workspace git
    /// declares, and beyond those what the scope names. Planning, live reads and access reviews
    /// all ask this one rule.
    public func governs(_ workspace: LiveState.Workspace, declared: Set<WorkspaceID>) -> Bool {
        if declared.contains(workspace.workspaceID) { return true }
        switch self {
        case .declared: return false
        case .all: return true
        case .filter(let owners, let templates): return owners.contains(workspace.owner) || templates.contains(workspace.template)
        }
    }
}
