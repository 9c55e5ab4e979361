import AtriumCore

/// What a live read asks of each governed workspace beyond the listing: its ACL (when the
/// listing does not carry sharing), parameters, snapshots and port shares, each only where git or
/// the command needs it.
struct DetailRequests: Sendable {
    /// Every detail of every governed workspace (`export`).
    var everything: Bool
    /// The listing carries each workspace's sharing, so no ACL is read.
    var listsSharing: Bool
    /// `nil` when the server has no snapshots.
    var snapshots: Set<WorkspaceID>?
    var parameters: Set<WorkspaceID>
    /// `prune.ports`: every governed workspace's port shares.
    var portsEverywhere: Bool
    var ports: Set<WorkspaceID>

    init(desired: DesiredState, everything: Bool, parameters: Bool, listsSharing: Bool, hasSnapshots: Bool) {
        self.everything = everything
        self.listsSharing = listsSharing
        snapshots = hasSnapshots ? Set(desired.workspaces.filter { !$0.snapshots.isEmpty }.map(\.id)) : nil
        self.parameters = parameters ? Set(desired.workspaces.filter { !$0.parameters.isEmpty }.map(\.id)) : []
        portsEverywhere = desired.config.prunesPorts
        ports = Set(desired.workspaces.filter { $0.ports != nil }.map(\.id))
    }

    /// Whether the listing is all there is to read.
    var listingSuffices: Bool {
        listsSharing && !everything && (snapshots ?? []).isEmpty && parameters.isEmpty && !readsPorts
    }

    /// Whether any port shares are read (and so the wildcard host their URLs need).
    var readsPorts: Bool { everything || portsEverywhere || !ports.isEmpty }

    func details(for id: WorkspaceID) -> LiveStateReader.Details {
        LiveStateReader.Details(
            acl: !listsSharing, parameters: everything || parameters.contains(id),
            snapshots: snapshots.map { everything || $0.contains(id) } ?? false,
            ports: everything || portsEverywhere || ports.contains(id))
    }
}
