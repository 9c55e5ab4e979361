import Foundation

/// What a grant *is*, independent of the file and line it is written on, so that history can
/// follow it when it moves between files, when its file is renamed, and when it moves from a
/// Workspace document into a Grant document that names the workspace.
///
/// The role is part of the key: a grant raised from `use` to `admin` was introduced, as an admin
/// grant, by the commit that raised it. `expires` is not: extending a grant does not re-introduce it.
public indirect enum ProvenanceKey: Hashable, Sendable, Comparable, CustomStringConvertible {
    /// A grant on one named workspace (from its Workspace document, or a Grant listing it).
    case grant(workspace: WorkspaceID, subject: Subject, role: Role)
    /// A grant on every workspace a label selector matches (`team=data,env=prod`).
    case selector(labels: String, subject: Subject, role: Role)
    /// Link sharing declared on a workspace.
    case link(workspace: WorkspaceID, level: LinkLevel)
    /// A user's membership of a declared group.
    case member(group: String, user: String)
    /// A port shared at a level (the level is part of the key, as a grant's role is).
    case port(workspace: WorkspaceID, port: Int, level: PortShareLevel)
    /// A role on a Coder template's ACL (TemplateAccess).
    case templateGrant(template: String, subject: Subject, role: Role)

    public var description: String {
        switch self {
        case .grant(let workspace, let subject, let role): return "\(workspace) \(subject) \(role.rawValue)"
        case .selector(let labels, let subject, let role): return "{\(labels)} \(subject) \(role.rawValue)"
        case .link(let workspace, let level): return "\(workspace) link \(level.rawValue)"
        case .member(let group, let user): return "group \(group) member \(user)"
        case .port(let workspace, let port, let level): return "\(workspace) port \(port) \(level.rawValue)"
        case .templateGrant(let template, let subject, let role):
            return "template \(template) \(subject) \(role.rawValue)"
        }
    }

    public static func < (lhs: ProvenanceKey, rhs: ProvenanceKey) -> Bool { lhs.description < rhs.description }

    /// `key=value` pairs sorted by key, joined with commas.
    public static func canonical(_ labels: [String: String]) -> String {
        labels.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: ",")
    }

    /// The key of one declaration: from a Workspace document (`grant == nil`) or a Grant document.
    public static func of(_ subjectGrant: SubjectGrant, workspace: WorkspaceID, in grant: Grant?) -> ProvenanceKey {
        if let grant, case .selector(let labels) = grant.workspaces {
            return .selector(labels: canonical(labels), subject: subjectGrant.subject, role: subjectGrant.role)
        }
        return .grant(workspace: workspace, subject: subjectGrant.subject, role: subjectGrant.role)
    }

    /// Every key the state declares (expired grants included), with the files declaring each.
    public static func keys(in state: DesiredState) -> [ProvenanceKey: Set<String>] {
        var result: [ProvenanceKey: Set<String>] = [:]
        for workspace in state.workspaces {
            for grant in workspace.grants {
                result[.grant(workspace: workspace.id, subject: grant.subject, role: grant.role), default: []].insert(
                    grant.location.file)
            }
            if let link = workspace.link {
                result[.link(workspace: workspace.id, level: link), default: []].insert(
                    (workspace.linkLocation ?? workspace.location).file)
            }
            for port in workspace.ports ?? [] {
                result[.port(workspace: workspace.id, port: port.port, level: port.level), default: []].insert(
                    port.location.file)
            }
        }
        for access in state.templateAccess {
            for grant in access.grants {
                result[.templateGrant(template: access.template, subject: grant.subject, role: grant.role), default: []]
                    .insert(grant.location.file)
            }
        }
        for group in state.groups {
            for member in group.members ?? [] {
                result[.member(group: group.name, user: member.user), default: []].insert(member.location.file)
            }
        }
        // Requests read alone (a blob at a time) are not yet added to their template or group.
        for requested in state.requestedGrants {
            switch requested.target {
            case .template(let template):
                for grant in requested.grants {
                    result[.templateGrant(template: template, subject: grant.subject, role: grant.role), default: []]
                        .insert(grant.location.file)
                }
            case .group(let group):
                for member in requested.members {
                    result[.member(group: group, user: member.user), default: []].insert(member.location.file)
                }
            }
        }
        for document in state.grants {
            switch document.workspaces {
            case .selector(let labels):
                let canonical = canonical(labels)
                for grant in document.grants {
                    result[.selector(labels: canonical, subject: grant.subject, role: grant.role), default: []].insert(
                        grant.location.file)
                }
            case .names(let names):
                for (id, _) in names {
                    for grant in document.grants {
                        result[.grant(workspace: id, subject: grant.subject, role: grant.role), default: []].insert(
                            grant.location.file)
                    }
                }
            }
        }
        return result
    }
}
