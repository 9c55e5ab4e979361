public import Foundation

/// Who may reach a workspace once every declaration is combined.
///
/// Grants are additive: a subject's effective role is the highest one granted anywhere, and every
/// source of it is kept. Expired grants are left out.
public struct EffectiveAccess: Sendable {
    /// One declaration that gives a subject a role on a workspace.
    public struct Source: Sendable, Hashable {
        public var role: Role
        public var expires: Date?
        public var location: SourceLocation
        /// The Grant document's name, or `nil` when the Workspace document itself declares it.
        public var grantName: String?
        /// For a Grant that selects by label: its selector, canonical (`team=data`); the key for
        /// tracing the declaration through history is made from it only when asked.
        public var selector: String?
        /// The request behind a Grant `atrium request` wrote.
        public var request: AccessRequest?

        /// What the declaration grants to `subject` on `workspace`, for tracing it through history.
        public func key(workspace: WorkspaceID, subject: Subject) -> ProvenanceKey {
            if let selector { return .selector(labels: selector, subject: subject, role: role) }
            return .grant(workspace: workspace, subject: subject, role: role)
        }

        /// As a plan's source, with its key.
        public func declaration(workspace: WorkspaceID, subject: Subject) -> Declaration {
            var declaration = Declaration(location, grant: grantName, key: key(workspace: workspace, subject: subject))
            declaration.request = request
            return declaration
        }
    }

    public struct Entry: Sendable {
        public var subject: Subject
        public var role: Role
        public var sources: [Source]
    }

    /// Per workspace, its subjects in order, each with the highest role and all its sources.
    public private(set) var workspaces: [WorkspaceID: [Entry]] = [:]

    public init(state: DesiredState, now: Date) {
        // Positions, ids and owners up front: the workspaces are large values, better not copied
        // once per Grant.
        let ids = state.workspaces.map(\.id)
        let position = Dictionary(ids.enumerated().map { ($1, $0) }, uniquingKeysWith: { first, _ in first })
        var bySubject: [[Subject: [Source]]] = Array(repeating: [:], count: ids.count)
        for index in state.workspaces.indices {
            let owner = Subject.user(ids[index].owner)
            for grant in state.workspaces[index].grants where !grant.isExpired(at: now) && grant.subject != owner {
                bySubject[position[ids[index]] ?? index][grant.subject, default: []].append(
                    Source(
                        role: grant.role, expires: grant.expires, location: grant.location, grantName: nil,
                        selector: nil))
            }
        }
        let labels = LabelIndex(state.workspaces)
        for grant in state.grants {
            var selector: String?
            if case .selector(let labels) = grant.workspaces { selector = ProvenanceKey.canonical(labels) }
            let live = grant.grants.filter { !$0.isExpired(at: now) }
            guard !live.isEmpty else { continue }
            for index in Self.selected(by: grant, labels: labels, ids: ids, position: position) {
                let owner = Subject.user(ids[index].owner)
                for subjectGrant in live where subjectGrant.subject != owner {
                    bySubject[index][subjectGrant.subject, default: []].append(
                        Source(
                            role: subjectGrant.role, expires: subjectGrant.expires, location: subjectGrant.location,
                            grantName: grant.name,
                            selector: selector, request: grant.request))
                }
            }
        }
        for (index, subjects) in bySubject.enumerated() where position[ids[index]] == index {
            workspaces[ids[index]] = subjects.map { subject, sources in
                Entry(subject: subject, role: sources.map(\.role).max() ?? .use, sources: sources)
            }.sorted { $0.subject < $1.subject }
        }
    }

    /// The positions of the workspaces `grant` selects: by name through `position`, by labels
    /// through the index.
    private static func selected(by grant: Grant, labels: LabelIndex, ids: [WorkspaceID], position: [WorkspaceID: Int])
        -> [Int]
    {
        let matching: [Int]
        switch grant.workspaces {
        case .names(let names): matching = names.compactMap { position[$0.id] }
        case .selector(let selector): matching = labels.positions(matching: selector)
        }
        // A duplicated id (an invalid state) gathers at its first position.
        return Array(Set(matching.map { position[ids[$0]] ?? $0 })).sorted()
    }

    public func entries(for id: WorkspaceID) -> [Entry] { workspaces[id] ?? [] }
}
