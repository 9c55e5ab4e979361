extension Config.Scope {
    /// Whether Atrium governs a live workspace (may change its sharing): every workspace git
    /// declares, and beyond those what the scope names. Planning, live reads and access reviews
    /// all ask this one rule.
    public func governs(_ workspace: LiveState.Workspace, declared: Set<WorkspaceID>) -> Bool {
        governs(owner: workspace.owner, name: workspace.name, template: workspace.template, declared: declared)
    }

    /// The same rule, for a workspace known by its owner, name and template.
    public func governs(owner: String, name: String, template: String, declared: Set<WorkspaceID>) -> Bool {
        if declared.contains(WorkspaceID(owner: owner, name: name)) { return true }
        switch self {
        case .declared: return false
        case .all: return true
        case .filter(let owners, let templates): return owners.contains(owner) || templates.contains(template)
        }
    }
}
