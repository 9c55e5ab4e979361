import Foundation

/// Renders a plan for people: text for terminals (grouped by workspace, `+` share, `~` change,
/// `-` unshare) and Markdown for pull-request comments (under 65,000 characters, cutting the
/// middle of long lists, never the summary).
public struct PlanFormatter {
    public var color: Bool
    public var provenance: Bool

    public init(color: Bool = false, provenance: Bool = true) {
        self.color = color
        self.provenance = provenance
    }

    /// GitHub refuses comments longer than 65,536 characters.
    public static let markdownLimit = 65_000

    /// `+` adds access or objects, `~` changes them, `-` takes them away.
    static func symbol(_ change: Change) -> String {
        switch change {
        case .createWorkspace, .grant, .snapshot, .createGroup, .addMember, .templateGrant, .sharePort: return "+"
        case .changeRole, .link, .orgSetting, .setGroupDisplayName: return "~"
        case .revoke, .release, .removeMember, .templateRevoke, .deleteGroup, .unsharePort: return "-"
        }
    }

    /// One action as a short phrase: `share with user:qa-lead as use`, `user:bob use → admin`, ...
    public static func phrase(_ action: PlanAction) -> String {
        switch action.change {
        case .createWorkspace(_, let template, let parameters):
            let parameters = parameters.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }
            return "create from template \(template)"
                + (parameters.isEmpty ? "" : " (\(parameters.joined(separator: ", ")))")
        case .grant(_, let subject, let role): return "share with \(subject) as \(role.rawValue)"
        case .changeRole(_, let subject, let from, let to): return "\(subject) \(from.rawValue) → \(to.rawValue)"
        case .revoke(_, let subject, let was): return "unshare \(subject) (was \(was.rawValue))"
        case .link(_, let from, let to, let through):
            let phrase = "link sharing \(from.rawValue) → \(to.rawValue)"
            guard through == .everyoneGroup else { return phrase }
            return phrase + (to == .everyone ? " (share with group:Everyone as use)" : " (unshare group:Everyone)")
        case .orgSetting(_, let from, let to): return "sharing setting \(from) → \(to)"
        case .snapshot(_, let name): return "take snapshot \(name)"
        case .release: return "release: clear every grant"
        case .createGroup(_, let displayName): return "create group" + (displayName.map { " (\($0))" } ?? "")
        case .addMember(_, let user): return "add member \(user)"
        case .removeMember(_, let user): return "remove member \(user)"
        case .templateGrant(_, let subject, let role, let previous):
            guard let previous else { return "grant \(subject) \(role.rawValue)" }
            return "\(subject) \(previous.rawValue) → \(role.rawValue)"
        case .deleteGroup: return "delete group (not declared in git; prune.groups)"
        case .setGroupDisplayName(_, let from, let to):
            return "display name \(from.map { "`\($0)`" } ?? "(none)") → `\(to)`"
        case .templateRevoke(_, let subject, let was): return "revoke \(subject) (was \(was.rawValue))"
        case .sharePort(_, let port, let previous):
            guard let previous else { return "share \(portPhrase(port))" }
            return "\(portPhrase(previous)) → \(port.level.rawValue)/\(port.protocol.rawValue)"
        case .unsharePort(_, let port): return "unshare \(portPhrase(port))"
        }
    }

    /// `port 8080 (agent main) authenticated/http`.
    static func portPhrase(_ share: PortShare) -> String {
        "\(share.key) \(share.level.rawValue)/\(share.protocol.rawValue)"
    }

    func paint(_ text: String, _ change: Change) -> String {
        ANSIStyle.change(Self.symbol(change)).paint(text, enabled: color)
    }

    /// What the plan was made from: a commit, or the working tree (whose HEAD was not read).
    static func source(_ plan: Plan) -> String {
        plan.worktree ? "the working tree (HEAD \(plan.commit.prefix(12)))" : String(plan.commit.prefix(12))
    }

    /// An empty plan: "the server matches git" only when nothing differs at all.
    static func noChanges(_ plan: Plan) -> String {
        if plan.hasDifferences {
            return "No changes to apply; the server differs from git in what Atrium leaves in place (below)."
        }
        return plan.notCompared.isEmpty
            ? "No changes: the server matches git."
            : "No changes: the server matches git on every surface compared (what was not compared is below)."
    }

    public func text(_ plan: Plan) -> String {
        var lines: [String] = [
            "Atrium plan for \(Self.source(plan)) against \(plan.server) (organization \(plan.organization))"
        ]
        if plan.isEmpty {
            lines.append("")
            lines.append(Self.noChanges(plan))
        }
        // Positions, not copies: a plan of 100,000 actions would be held twice.
        var byWorkspace: [String: [Int]] = [:]
        for (index, action) in plan.actions.enumerated() { byWorkspace[action.workspace, default: []].append(index) }
        for workspace in plan.workspaces {
            lines.append("")
            lines.append(ANSIStyle.bold.paint(workspace, enabled: color))
            for action in (byWorkspace[workspace] ?? []).lazy.map({ plan.actions[$0] }) {
                var line = "  " + paint("\(Self.symbol(action.change)) \(Self.phrase(action))", action.change)
                var notes: [String] = []
                if action.change.isRemoval || action.kind == .changeRole { notes.append(action.reason) }
                if provenance, !action.sources.isEmpty {
                    notes.append(action.sources.map(\.provenance).joined(separator: ", "))
                }
                if provenance, let removed = action.removedIn { notes.append("removed from git in \(removed.summary)") }
                if !notes.isEmpty { line += "  # " + notes.joined(separator: "; ") }
                lines.append(line)
            }
        }
        if !plan.drift.isEmpty {
            lines.append("")
            lines.append("Drift left in place (prune.grants: false):")
            for item in plan.drift {
                lines.append("  ! \(item.workspace): \(item.subject) has \(item.role.rawValue), not declared in git")
            }
        }
        if !plan.settingDrift.isEmpty {
            lines.append("")
            lines.append("Settings that differ from git (Atrium does not rebuild workspaces):")
            for item in plan.settingDrift {
                lines.append(
                    "  ! \(item.workspace): \(item.setting) is \(item.live ?? "unset") on the server, "
                        + "\(item.declared) in git"
                )
            }
        }
        if !plan.snapshots.isEmpty {
            lines.append("")
            lines.append("Snapshots:")
            for snapshot in plan.snapshots { lines.append("  \(snapshot.workspace) \(snapshot.name): \(snapshot.url)") }
        }
        if !plan.shareLinks.isEmpty {
            lines.append("")
            lines.append("Shared by link (anyone with an account can open these):")
            for link in plan.shareLinks { lines.append("  \(link.workspace): \(link.url)") }
        }
        lines += Self.portLines(plan)
        lines += Self.notComparedLines(plan)
        lines.append("")
        lines.append("Plan: \(plan.summaryLine).")
        return lines.joined(separator: "\n")
    }

    /// What the plan did not compare, so that an empty plan is not read as in sync there.
    static func notComparedLines(_ plan: Plan) -> [String] {
        guard !plan.notCompared.isEmpty else { return [] }
        return ["", "Not compared:"] + plan.notCompared.map { "  ? \($0)" }
    }

    /// What stands for a port's URL when there is none.
    static func missingURL(_ link: PortLink) -> String {
        link.agent.isEmpty ? "(its URL is known once the workspace exists)" : "(no URL)"
    }

    /// The ports git shares, with where Coder serves them.
    static func portLines(_ plan: Plan) -> [String] {
        guard !plan.portLinks.isEmpty else { return [] }
        var lines = ["", "Shared ports:"]
        for link in plan.portLinks {
            let what = "\(link.workspace) port \(link.port)\(link.agent.isEmpty ? "" : " (agent \(link.agent))")"
            lines.append("  \(what) \(link.level.rawValue): \(link.url ?? Self.missingURL(link))")
        }
        if let note = plan.portLinkNote { lines.append("  note: \(note)") }
        return lines
    }

    public func markdown(_ plan: Plan, limit: Int = PlanFormatter.markdownLimit) -> String {
        let header = [
            "### Atrium plan",
            "",
            "**\(plan.summaryLine)** — \(Self.markdownSource(plan)), server \(plan.server), "
                + "organization `\(plan.organization)`.",
            "",
        ]
        let rows = plan.actions.map(Self.markdownRow)
        var body: [String] = []
        if plan.isEmpty {
            body = [Self.noChanges(plan)]
        } else {
            body = ["| | workspace | change | why | declared at |", "|---|---|---|---|---|"] + rows
        }
        var extra = Self.markdownSections(plan)
        let footer = ["", "_\(plan.summaryLine)_"]

        func render(_ middle: [String]) -> String { (header + middle + extra + footer).joined(separator: "\n") }
        let document = render(body)
        if document.count <= limit { return document }

        // Too long: keep the first and last rows, cut the middle, and say how much was cut.
        extra = Array(extra.prefix(3))
        let fitted = MarkdownTable.fit(
            rows: rows, tableHeader: ["| | workspace | change | why | declared at |", "|---|---|---|---|---|"],
            limit: limit,
            cutRow: {
                "| … | | **\($0) more changes not shown** (the full plan: `atrium reconcile --dry-run --format "
                    + "json`) | | |"
            },
            render: render)
        return fitted ?? render(["(\(rows.count) changes; too many to list here)"])
    }

    /// What the plan was made from, for markdown.
    static func markdownSource(_ plan: Plan) -> String {
        plan.worktree ? "the working tree (HEAD `\(plan.commit.prefix(12))`)" : "commit `\(plan.commit.prefix(12))`"
    }

    /// One action as a row of the markdown table.
    static func markdownRow(_ action: PlanAction) -> String {
        func escape(_ text: String) -> String { text.replacingOccurrences(of: "|", with: "\\|") }
        var sources = action.sources.map { source in
            "`\(source.description)`" + (source.commit.map { " (\($0.sha.prefix(8)), \(escape($0.author)))" } ?? "")
        }.joined(separator: ", ")
        if let removed = action.removedIn {
            sources += "removed in \(removed.sha.prefix(8)) (\(escape(removed.author)))"
        }
        return
            "| \(symbol(action.change)) | `\(action.workspace)` | \(escape(phrase(action))) | "
            + "\(escape(action.reason)) | \(sources) |"
    }

    /// What follows the table: drift left in place, settings that differ, snapshots.
    static func markdownSections(_ plan: Plan) -> [String] {
        var extra: [String] = []
        if !plan.drift.isEmpty {
            extra += ["", "**Drift left in place** (`prune.grants: false`):"]
            extra += plan.drift.map { "- `\($0.workspace)`: \($0.subject) has `\($0.role.rawValue)`" }
        }
        if !plan.settingDrift.isEmpty {
            extra += ["", "**Settings that differ from git** (Atrium does not rebuild workspaces):"]
            extra += plan.settingDrift.map {
                "- `\($0.workspace)`: \($0.setting) is `\($0.live ?? "unset")` on the server, `\($0.declared)` in git"
            }
        }
        if !plan.snapshots.isEmpty {
            extra += ["", "**Snapshots:**"]
            extra += plan.snapshots.map { "- `\($0.workspace)` \($0.name): \($0.url)" }
        }
        if !plan.portLinks.isEmpty {
            extra += ["", "**Shared ports:**"]
            extra += plan.portLinks.map {
                "- `\($0.workspace)` port \($0.port) `\($0.level.rawValue)`: \($0.url ?? missingURL($0))"
            }
            if let note = plan.portLinkNote { extra.append("- note: \(note)") }
        }
        if !plan.notCompared.isEmpty {
            extra += ["", "**Not compared:**"]
            extra += plan.notCompared.map { "- \($0)" }
        }
        return extra
    }
}
