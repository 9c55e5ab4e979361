/// What git can know of declared port shares without a server: Coder's own rules (ports 9 to
/// 65535, a level that shares, one entry per agent's port; coderd/workspaceportshare.go) and the
/// policy's widest level.
struct PortRules {
    let workspaces: [Workspace]
    let policy: Config.Policy

    func check() -> [Diagnostic] {
        var diagnostics: [Diagnostic] = []
        for workspace in workspaces {
            var seen: [PortShare.Key: SourceLocation] = [:]
            for port in workspace.ports ?? [] {
                diagnostics += check(port, of: workspace)
                let key = PortShare.Key(agent: port.agent ?? "", port: port.port)
                if let first = seen[key] {
                    diagnostics.append(
                        .error(
                            at: port.location, "`\(workspace.id)` declares \(key) twice (first at \(first))",
                            hint: "keep one entry per port and agent"))
                } else {
                    seen[key] = port.location
                }
            }
        }
        return diagnostics
    }

    private func check(_ port: DeclaredPort, of workspace: Workspace) -> [Diagnostic] {
        var diagnostics: [Diagnostic] = []
        if !(9...65535).contains(port.port) {
            diagnostics.append(
                .error(
                    at: port.location, "port \(port.port) of `\(workspace.id)` is not one Coder shares",
                    hint: "Coder shares ports 9 to 65535"))
        }
        if port.level == .owner {
            diagnostics.append(
                .error(
                    at: port.levelLocation,
                    "`owner` does not share port \(port.port): only its owner reaches it anyway",
                    hint: "remove the entry to keep the port private, or share it at organization or authenticated"))
        } else if port.level > policy.maxPortShareLevel {
            let setting =
                policy.maxPortShareLevelLocation.map {
                    "`policy.maxPortShareLevel: \(policy.maxPortShareLevel.rawValue)` (\($0))"
                } ?? "`policy.maxPortShareLevel` (default `\(policy.maxPortShareLevel.rawValue)`)"
            diagnostics.append(
                .error(
                    at: port.levelLocation,
                    "port \(port.port) of `\(workspace.id)` is shared `\(port.level.rawValue)`, wider than "
                        + "\(setting) allows",
                    hint: port.level == .public
                        ? "`public` opens the port to anyone on the internet: share it at authenticated, or "
                            + "raise maxPortShareLevel in the Config on purpose"
                        : "share it at \(policy.maxPortShareLevel.rawValue), or raise maxPortShareLevel in the Config"))
        }
        return diagnostics
    }
}
