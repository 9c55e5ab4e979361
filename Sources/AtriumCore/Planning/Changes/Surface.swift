/// A surface of the server through which someone reaches a workspace, or which Atrium governs.
/// Every command that reports state switches over it, so a new surface does not compile until
/// the summary, show, list, export, access, diff, the drift check and the controller handle it.
public enum Surface: String, Sendable, Hashable, Codable, CaseIterable {
    /// The workspaces themselves: created when git declares them; template and parameters compared.
    case workspaces
    /// The workspace ACL: users and groups with `use` or `admin`.
    case workspaceACL = "workspace-acl"
    /// Link sharing: anyone with an account and the URL.
    case link
    /// Port shares: an agent's port open to the organization, the deployment or the internet.
    case ports
    /// Snapshots (Atrium's extension).
    case snapshots
    /// Declared groups: their existence and display names.
    case groups
    /// Declared groups' members.
    case groupMembers = "group-members"
    /// Template ACLs: who may see a template and create workspaces from it.
    case templateACL = "template-acl"
    /// The organization's workspace-sharing setting.
    case orgSetting = "org-setting"

    /// How the surface is named in sentences.
    public var title: String {
        switch self {
        case .workspaces: "workspaces"
        case .workspaceACL: "workspace ACLs"
        case .link: "link sharing"
        case .ports: "port shares"
        case .snapshots: "snapshots"
        case .groups: "groups"
        case .groupMembers: "group members"
        case .templateACL: "template ACLs"
        case .orgSetting: "the organization's sharing setting"
        }
    }
}

/// A part of a surface a command did not compare with git, and why: said beside the result, so
/// that "in sync" is never said of what was not read.
public struct NotCompared: Sendable, Hashable, Codable, CustomStringConvertible {
    public var surface: Surface
    /// How many objects (workspaces, groups, templates) were left out; `nil` for the whole surface.
    public var count: Int?
    public var reason: String

    public init(_ surface: Surface, count: Int? = nil, reason: String) {
        self.surface = surface
        self.count = count
        self.reason = reason
    }

    /// `port shares of 12 workspaces not compared: prune.ports is false`.
    public var description: String {
        let what: String
        switch (surface, count) {
        case (_, nil): what = surface.title
        // The workspaces themselves are compared; what goes unread is their parameters.
        case (.workspaces, let count?): what = "parameters of \(count) workspace\(count == 1 ? "" : "s")"
        case (.ports, let count?), (.snapshots, let count?), (.workspaceACL, let count?), (.link, let count?):
            what = "\(surface.title) of \(count) workspace\(count == 1 ? "" : "s")"
        case (.groups, let count?), (.groupMembers, let count?):
            what = "\(surface.title) of \(count) group\(count == 1 ? "" : "s")"
        case (.templateACL, let count?): what = "\(surface.title) of \(count) template\(count == 1 ? "" : "s")"
        case (.orgSetting, let count?): what = "\(surface.title) (\(count))"
        }
        return "\(what) not compared: \(reason)"
    }
}
