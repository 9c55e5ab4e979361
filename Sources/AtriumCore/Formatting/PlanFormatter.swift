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

    static func symbol(_ kind: PlanAction.Kind) -> String {
        switch kind {
        case .createWorkspace, .share, .snapshot, .createGroup, .addMember, .templateGrant: return "+"
        case .sharePort: return "+"
        case .changeRole, .setLink, .orgSetting, .setGroupDisplayName: return "~"
        case .unshare, .release, .removeMember, .templateRevoke, .deleteGroup, .unsharePort: return "-"
        }
    }

    /// One action as a short phrase: `user:qa-lead use`, `user:bob use → admin`, ...
    public static func phrase(_ action: PlanAction) -> String {
        if action.isLinkGrant {
            return "link sharing \(action.previousLink?.rawValue ?? "owner") → \(action.link?.rawValue ?? "?") "
                + "(\(action.kind == .share ? "share with" : "unshare") \(action.subject?.description ?? "?")"
                + "\(action.kind == .share ? " as use" : ""))"
        }
        switch action.kind {
        case .createWorkspace:
            let parameters = (action.parameters ?? [:]).sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }
            return "create from template \(action.template ?? "?")"
                + (parameters.isEmpty ? "" : " (\(parameters.joined(separator: ", ")))")
        case .share:
            return "share with \(action.subject?.description ?? "?") as \(action.role?.rawValue ?? "?")"
        case .changeRole:
            return
                "\(action.subject?.description ?? "?") \(action.previousRole?.rawValue ?? "?") → "
                + "\(action.role?.rawValue ?? "?")"
        case .unshare:
            return "unshare \(action.subject?.description ?? "?") (was \(action.previousRole?.rawValue ?? "?"))"
        case .setLink:
            return "link sharing \(action.previousLink?.rawValue ?? "owner") → \(action.link?.rawValue ?? "?")"
        case .orgSetting:
            return "sharing setting \(action.previousValue ?? "?") → \(action.value ?? "?")"
        case .snapshot:
            return "take snapshot \(action.snapshot ?? "?")"
        case .release:
            return "release: clear every grant"
        case .createGroup:
            return "create group" + (action.value.map { " (\($0))" } ?? "")
        case .addMember:
            return "add member \(action.subject.map(Self.userName) ?? "?")"
        case .removeMember:
            return "remove member \(action.subject.map(Self.userName) ?? "?")"
        case .templateGrant:
            guard let previous = action.previousRole else {
                return "grant \(action.subject?.description ?? "?") \(action.role?.rawValue ?? "?")"
            }
            return "\(action.subject?.description ?? "?") \(previous.rawValue) → \(action.role?.rawValue ?? "?")"
        case .deleteGroup:
            return "delete group (not declared in git; prune.groups)"
        case .setGroupDisplayName:
            return "display name \(action.previousValue.map { "`\($0)`" } ?? "(none)") → `\(action.value ?? "")`"
        case .templateRevoke:
            return "revoke \(action.subject?.description ?? "?") (was \(action.previousRole?.rawValue ?? "?"))"
        case .sharePort:
            guard let port = action.port else { return "share a port" }
            guard let previous = action.previousPort else { return "share \(portPhrase(port))" }
            return "\(portPhrase(previous)) → \(port.level.rawValue)/\(port.protocol.rawValue)"
        case .unsharePort:
            return "unshare \(action.port.map(portPhrase) ?? "a port")"
        }
    }

    /// `port 8080 (agent main) authenticated/http`.
    static func portPhrase(_ share: PortShare) -> String {
        "\(share.key) \(share.level.rawValue)/\(share.protocol.rawValue)"
    }

    static func userName(_ subject: Subject) -> String {
        if case .user(let name) = subject { return name }
        return subject.description
    }

    func paint(_ text: String, _ kind: PlanAction.Kind) -> String {
        ANSIStyle.change(Self.symbol(kind)).paint(text, enabled: color)
    }

    /// What the plan was made from: a commit, or the working tree (whose HEAD was not read).
    static func source(_ plan: Plan) -> String {
        plan.worktree ? "the working tree (HEAD \(plan.commit.prefix(12)))" : String(plan.commit.prefix(12))
    }

    /// An empty plan: "the server matches git" only when nothing differs at all.
    static func noChanges(_ plan: Plan) -> String {
        plan.hasDifferences
            ? "No changes to apply; the server differs from git in what Atrium leaves in place (below)."
            : "No changes: the server matches git."
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
                var line = "  " + paint("\(Self.symbol(action.summaryKind)) \(Self.phrase(action))", action.summaryKind)
                var notes: [String] = []
                if [.unshare, .release, .changeRole, .unsharePort].contains(action.kind) {
                    notes.append(action.reason)
                }
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
        lines.append("")
        lines.append("Plan: \(plan.summaryLine).")
        return lines.joined(separator: "\n")
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
            "| \(symbol(action.summaryKind)) | `\(action.workspace)` | \(escape(phrase(action))) | "
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
        return extra
    }
}
