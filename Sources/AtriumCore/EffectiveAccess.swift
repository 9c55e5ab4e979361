import Foundation

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
        /// What the declaration grants, for tracing it through history.
        public var key: ProvenanceKey
    }

    public struct Entry: Sendable {
        public var subject: Subject
        public var role: Role
        public var sources: [Source]
    }

    /// Per workspace, its subjects in order, each with the highest role and all its sources.
    public private(set) var workspaces: [WorkspaceID: [Entry]] = [:]

    public init(state: DesiredState, now: Date) {
        var bySubject: [WorkspaceID: [Subject: [Source]]] = [:]
        for workspace in state.workspaces {
            var subjects = bySubject[workspace.id, default: [:]]
            for grant in workspace.grants where !grant.isExpired(at: now) && grant.subject != .user(workspace.owner) {
                subjects[grant.subject, default: []].append(Source(
                    role: grant.role, expires: grant.expires, location: grant.location, grantName: nil,
                    key: .grant(workspace: workspace.id, subject: grant.subject, role: grant.role)))
            }
            bySubject[workspace.id] = subjects
        }
        for grant in state.grants {
            let live = grant.grants.filter { !$0.isExpired(at: now) }
            guard !live.isEmpty else { continue }
            for workspace in state.workspaces where grant.selects(workspace) {
                for subjectGrant in live where subjectGrant.subject != .user(workspace.owner) {
                    bySubject[workspace.id, default: [:]][subjectGrant.subject, default: []].append(
                        Source(
                            role: subjectGrant.role, expires: subjectGrant.expires, location: subjectGrant.location, grantName: grant.name,
                            key: .of(subjectGrant, workspace: workspace.id, in: grant)))
                }
            }
        }
        for (id, subjects) in bySubject {
            workspaces[id] = subjects.map { subject, sources in
                Entry(subject: subject, role: sources.map(\.role).max() ?? .use, sources: sources)
            }.sorted { $0.subject < $1.subject }
        }
    }

    public func entries(for id: WorkspaceID) -> [Entry] { workspaces[id] ?? [] }
}
