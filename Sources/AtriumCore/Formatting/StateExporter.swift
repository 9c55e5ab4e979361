import Foundation

/// Writes live workspaces and their sharing as Atrium YAML, so a team can adopt Atrium on an
/// existing server: reconciling the export right away gives an empty plan.
public enum StateExporter {
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
            for workspace in (byOwner[owner] ?? []).sorted(by: { $0.name < $1.name }) {
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
