import Foundation

/// Writes live workspaces and their sharing as Atrium YAML, so a team can adopt Atrium on an
/// existing server: reconciling the export right away gives an empty plan.
public enum StateExporter {
    /// The groups with their members (the Everyone group's are the organization's: left out).
    static func groupDocuments(_ live: LiveState) -> String? {
        let documents = live.groupMembers.keys.sorted().filter { $0 != Group.everyone }.map { name in
            let members = (live.groupMembers[name] ?? []).sorted().map(quoted).joined(separator: ", ")
            return
                "apiVersion: atrium/v1\nkind: Group\nmetadata: {name: \(quoted(name))}\nspec:\n  members: [\(members)]"
        }
        guard !documents.isEmpty else { return nil }
        return "# Exported by `atrium export`.\n" + documents.joined(separator: "\n---\n") + "\n"
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

    /// File path → contents: `atrium.yaml` and one file per owner under `workspaces/`.
    public static func files(_ live: LiveState, serverURL: String) -> [String: String] {
        var files: [String: String] = [:]
        files["atrium.yaml"] = """
            # Exported by `atrium export` from \(serverURL).
            apiVersion: atrium/v1
            kind: Config
            server: {url: \(quoted(serverURL)), organization: \(quoted(live.organization))}
            scope: declared

            """
        let byOwner = Dictionary(grouping: live.workspaces.values, by: \.owner)
        for owner in byOwner.keys.sorted() {
            var documents: [String] = []
            for workspace in (byOwner[owner] ?? []).sorted(by: { $0.name < $1.name }).map(live.presented) {
                var lines = [
                    "apiVersion: atrium/v1",
                    "kind: Workspace",
                    "metadata: {name: \(quoted(workspace.name)), owner: \(quoted(workspace.owner))}",
                    "spec:",
                    "  template: \(quoted(workspace.template))",
                ]
                if let parameters = workspace.parameters, !parameters.isEmpty {
                    lines.append("  parameters:")
                    for (name, value) in parameters.sorted(by: { $0.key < $1.key }) {
                        lines.append("    \(quoted(name)): \(quoted(value))")
                    }
                }
                let shared = !workspace.users.isEmpty || !workspace.groups.isEmpty || workspace.link == .everyone
                if shared {
                    lines.append("  sharing:")
                    if !workspace.users.isEmpty {
                        lines.append("    users:")
                        for (name, role) in workspace.users.sorted(by: { $0.key < $1.key }) {
                            lines.append("      \(quoted(name)): \(role.rawValue)")
                        }
                    }
                    if !workspace.groups.isEmpty {
                        lines.append("    groups:")
                        for (name, role) in workspace.groups.sorted(by: { $0.key < $1.key }) {
                            lines.append("      \(quoted(name)): \(role.rawValue)")
                        }
                    }
                    if workspace.link == .everyone { lines.append("    link: everyone") }
                }
                if let snapshots = workspace.snapshots, !snapshots.isEmpty {
                    lines.append("  snapshots:")
                    for name in snapshots.keys.sorted() { lines.append("    - {name: \(quoted(name))}") }
                }
                documents.append(lines.joined(separator: "\n"))
            }
            files["workspaces/\(owner).yaml"] =
                "# Exported by `atrium export`.\n" + documents.joined(separator: "\n---\n") + "\n"
        }
        if let groups = groupDocuments(live) { files["groups.yaml"] = groups }
        if let access = templateAccessDocuments(live) { files["template-access.yaml"] = access }
        return files
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
        if plain { return text }
        return "\"" + text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
            + "\""
    }
}
