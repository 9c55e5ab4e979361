import Foundation

/// Writes live workspaces and their sharing as Atrium YAML, so a team can adopt Atrium on an
/// existing server: reconciling the export right away gives an empty plan. Every surface is
/// written (each switch below is exhaustive over `Surface`), so exporting one server and
/// reconciling the export onto an empty one gives the same state.
public enum StateExporter {
    /// The groups with their display names and members (the Everyone group's members are the
    /// organization's: left out).
    static func groupDocuments(_ live: LiveState) -> String? {
        let documents = live.groupMembers.keys.sorted().filter { $0 != Group.everyone }.map { name in
            var lines = ["apiVersion: atrium/v1", "kind: Group", "metadata: {name: \(quoted(name))}", "spec:"]
            for surface in Surface.allCases { lines += groupLines(surface, name, live) }
            return lines.joined(separator: "\n")
        }
        guard !documents.isEmpty else { return nil }
        return "# Exported by `atrium export`.\n" + documents.joined(separator: "\n---\n") + "\n"
    }

    /// What a group document says of one surface.
    static func groupLines(_ surface: Surface, _ name: String, _ live: LiveState) -> [String] {
        switch surface {
        case .groups:
            guard let display = live.groupDisplayNames[name], !display.isEmpty else { return [] }
            return ["  displayName: \(quoted(display))"]
        case .groupMembers:
            let members = (live.groupMembers[name] ?? []).sorted().map(quoted).joined(separator: ", ")
            return ["  members: [\(members)]"]
        case .workspaces, .workspaceACL, .link, .ports, .snapshots, .templateACL, .orgSetting:
            return []
        }
    }

    /// Each template's ACL, as a TemplateAccess document.
    static func templateAccessDocuments(_ live: LiveState) -> String? {
        let documents = live.templateACLs.keys.sorted().map { template in
            let acl = live.templateACLs[template] ?? [:]
            var lines = [
                "apiVersion: atrium/v1", "kind: TemplateAccess", "metadata: {name: \(quoted(template))}", "spec:",
            ]
            let users = acl.compactMap { subject, role in
                if case .user(let name) = subject { (name, role) } else { nil }
            }
            let groups = acl.compactMap { subject, role in
                if case .group(let name) = subject { (name, role) } else { nil }
            }
            for (key, entries) in [("users", users), ("groups", groups)] where !entries.isEmpty {
                let body = entries.sorted { $0.0 < $1.0 }.map { "\(quoted($0.0)): \($0.1.rawValue)" }.joined(
                    separator: ", ")
                lines.append("  \(key): {\(body)}")
            }
            if users.isEmpty && groups.isEmpty { lines.append("  users: {}") }
            return lines.joined(separator: "\n")
        }
        guard !documents.isEmpty else { return nil }
        return "# Exported by `atrium export`.\n" + documents.joined(separator: "\n---\n") + "\n"
    }

    /// File path → contents: `atrium.yaml` and one file per owner under `workspaces/`, with
    /// `groups.yaml` and `template-access.yaml` when the server has groups and templates.
    public static func files(_ live: LiveState, serverURL: String) -> [String: String] {
        var files: [String: String] = [:]
        var config = [
            "# Exported by `atrium export` from \(serverURL).", "apiVersion: atrium/v1", "kind: Config",
            "server: {url: \(quoted(serverURL)), organization: \(quoted(live.organization))}", "scope: declared",
        ]
        for surface in Surface.allCases { config += configLines(surface, live) }
        files["atrium.yaml"] = config.joined(separator: "\n") + "\n"
        let byOwner = Dictionary(grouping: live.workspaces.values, by: \.owner)
        for owner in byOwner.keys.sorted() {
            let documents = (byOwner[owner] ?? []).sorted(by: { $0.name < $1.name }).map(live.presented).map {
                workspace in
                var lines = [
                    "apiVersion: atrium/v1", "kind: Workspace",
                    "metadata: {name: \(quoted(workspace.name)), owner: \(quoted(workspace.owner))}", "spec:",
                ]
                var sharing: [String] = []
                for surface in Surface.allCases {
                    lines += workspaceLines(surface, workspace)
                    sharing += sharingLines(surface, workspace)
                }
                if !sharing.isEmpty { lines += ["  sharing:"] + sharing }
                return lines.joined(separator: "\n")
            }
            files["workspaces/\(owner).yaml"] =
                "# Exported by `atrium export`.\n" + documents.joined(separator: "\n---\n") + "\n"
        }
        if let groups = groupDocuments(live) { files["groups.yaml"] = groups }
        if let access = templateAccessDocuments(live) { files["template-access.yaml"] = access }
        return files
    }

    /// What the Config says of one surface: the organization's sharing setting as `policy.sharing`.
    static func configLines(_ surface: Surface, _ live: LiveState) -> [String] {
        switch surface {
        case .orgSetting:
            guard let setting = live.sharingSetting, Config.Policy.Sharing(rawValue: setting) != nil else { return [] }
            return ["policy: {sharing: \(setting)}"]
        case .workspaces, .workspaceACL, .link, .ports, .snapshots, .groups, .groupMembers, .templateACL:
            return []
        }
    }

    /// What a Workspace document's spec says of one surface, beside `sharing:`.
    static func workspaceLines(_ surface: Surface, _ workspace: LiveState.Workspace) -> [String] {
        switch surface {
        case .workspaces:
            var lines = ["  template: \(quoted(workspace.template))"]
            if let parameters = workspace.parameters, !parameters.isEmpty {
                lines.append("  parameters:")
                for (name, value) in parameters.sorted(by: { $0.key < $1.key }) {
                    lines.append("    \(quoted(name)): \(quoted(value))")
                }
            }
            return lines
        case .snapshots:
            guard let snapshots = workspace.snapshots, !snapshots.isEmpty else { return [] }
            return ["  snapshots:"] + snapshots.keys.sorted().map { "    - {name: \(quoted($0))}" }
        case .workspaceACL, .link, .ports, .groups, .groupMembers, .templateACL, .orgSetting:
            return []
        }
    }

    /// What a Workspace document's `sharing:` says of one surface.
    static func sharingLines(_ surface: Surface, _ workspace: LiveState.Workspace) -> [String] {
        switch surface {
        case .workspaceACL:
            var lines: [String] = []
            for (key, grants) in [("users", workspace.users), ("groups", workspace.groups)] where !grants.isEmpty {
                lines.append("    \(key):")
                for (name, role) in grants.sorted(by: { $0.key < $1.key }) {
                    lines.append("      \(quoted(name)): \(role.rawValue)")
                }
            }
            return lines
        case .link:
            return workspace.link == .everyone ? ["    link: everyone"] : []
        case .ports:
            guard let ports = workspace.ports, !ports.isEmpty else { return [] }
            return ["    ports:"]
                + ports.sorted().map { share in
                    "      - {port: \(share.port), agent: \(quoted(share.agent)), level: \(share.level.rawValue), "
                        + "protocol: \(share.protocol.rawValue)}"
                }
        case .workspaces, .snapshots, .groups, .groupMembers, .templateACL, .orgSetting:
            return []
        }
    }

    /// A YAML scalar that reads back as exactly `text` (a string).
    static func quoted(_ text: String) -> String {
        let plain =
            !text.isEmpty
            && text.unicodeScalars.allSatisfy {
                $0.isASCII
                    && ($0.properties.isAlphabetic || ("0"..."9").contains($0) || "-_./:".unicodeScalars.contains($0))
            }
            && !text.hasPrefix("-") && !text.hasSuffix(":") && !text.contains(": ")
            && ResolvedScalar.resolvePlain(text) == .string(text)
        return plain ? text : YAMLText.quoted(text)
    }
}
