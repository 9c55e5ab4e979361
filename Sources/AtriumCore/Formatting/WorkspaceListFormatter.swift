/// `atrium list`: live workspaces and who they are shared with, as `coder list --shared` shows them.
public enum WorkspaceListFormatter {
    /// With the workspaces' port shares read, each shared port follows its workspace, with its
    /// URL under `wildcardHost`.
    public static func text(_ workspaces: [LiveState.Workspace], wildcardHost: String? = nil, scheme: String = "https")
        -> String
    {
        var lines = [
            "WORKSPACE                          TEMPLATE        SHARED WITH"
                + (workspaces.contains { $0.shareURL != nil } ? "  SHARE URL" : "")
        ]
        for workspace in workspaces {
            let grants =
                workspace.users.sorted { $0.key < $1.key }.map { "user:\($0.key)=\($0.value.rawValue)" }
                + workspace.groups.sorted { $0.key < $1.key }.map { "group:\($0.key)=\($0.value.rawValue)" }
                + (workspace.link == .everyone ? ["link:everyone"] : [])
            let name = "\(workspace.owner)/\(workspace.name)"
            let shared = grants.isEmpty ? "-" : grants.joined(separator: ", ")
            lines.append(
                "\(pad(name, 34)) \(pad(workspace.template, 15)) \(shared)"
                    + (workspace.shareURL.map { "  \($0)" } ?? ""))
            for share in workspace.ports ?? [] {
                let url = wildcardHost.flatMap {
                    share.url(workspace: workspace.workspaceID, wildcardHost: $0, scheme: scheme)
                }
                lines.append(
                    "  port \(share.port) (agent \(share.agent)) \(share.level.rawValue)/\(share.protocol.rawValue)"
                        + "  \(url ?? "(no wildcard access URL: Coder cannot serve it)")")
            }
        }
        return lines.joined(separator: "\n")
    }
}
