import Foundation

/// A `Grant` document: sharing across many workspaces, chosen by label or by name.
public struct Grant: Sendable {
    public enum Selection: Sendable {
        /// Every declared workspace whose labels include all of these.
        case selector([String: String])
        /// These workspaces, as `owner/name`, each with where it is written.
        case names([(id: WorkspaceID, location: SourceLocation)])
    }

    public var name: String
    public var workspaces: Selection
    public var workspacesLocation: SourceLocation
    /// The grants, each carrying the document-level `expires` unless it sets its own.
    public var grants: [SubjectGrant]
    public var location: SourceLocation
    public var nameLocation: SourceLocation
    /// When `atrium request` wrote it: who asked, why, for how long.
    public var request: AccessRequest?

    public init(
        name: String, workspaces: Selection, workspacesLocation: SourceLocation, grants: [SubjectGrant],
        location: SourceLocation, nameLocation: SourceLocation? = nil
    ) {
        self.name = name
        self.workspaces = workspaces
        self.workspacesLocation = workspacesLocation
        self.grants = grants
        self.location = location
        self.nameLocation = nameLocation ?? location
    }

    /// Whether this Grant selects `workspace`.
    public func selects(_ workspace: Workspace) -> Bool {
        switch workspaces {
        case .selector(let labels):
            return labels.allSatisfy { workspace.labels[$0.key] == $0.value }
        case .names(let names):
            return names.contains { $0.id == workspace.id }
        }
    }
}
