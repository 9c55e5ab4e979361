import Foundation

/// Renders an access diff for people: text for terminals and Markdown for a pull-request comment
/// (under `PlanFormatter.markdownLimit` characters, cutting the middle of long lists, never the
/// summary).
public struct AccessDiffFormatter {
    public var color: Bool
    /// Whether text output names the commit behind each change (JSON always has it).
    public var provenance: Bool

    public init(color: Bool = false, provenance: Bool = false) {
        self.color = color
        self.provenance = provenance
    }

    private func paint(_ text: String, _ symbol: String) -> String {
        ANSIStyle.change(symbol).paint(text, enabled: color)
    }

    private func sources(_ change: AccessChange) -> String {
        change.sources.map { provenance ? $0.provenance : $0.description }.joined(separator: ", ")
    }

    /// The workspace-level changes grouped by workspace, then templates, then Config.
    private static func groups(_ diff: AccessDiff) -> (
        workspaces: [(String, [AccessChange])], templates: [AccessChange], config: [AccessChange],
        members: [AccessChange]
    ) {
        var order: [String] = []
        var byWorkspace: [String: [AccessChange]] = [:]
        var templates: [AccessChange] = []
        var config: [AccessChange] = []
        var members: [AccessChange] = []
        for change in diff.changes {
            if change.group != nil || change.accessTemplate != nil {
                members.append(change)
            } else if let workspace = change.workspace {
                if byWorkspace[workspace] == nil { order.append(workspace) }
                byWorkspace[workspace, default: []].append(change)
            } else if change.template != nil {
                templates.append(change)
            } else {
                config.append(change)
            }
        }
        return (order.map { ($0, byWorkspace[$0] ?? []) }, templates, config, members)
    }

    public func text(_ diff: AccessDiff) -> String {
        var lines = ["Access changes from \(diff.base.description) to \(diff.head.description)"]
        if diff.isEmpty {
            lines += ["", "No change in effective access."]
        }
        let (workspaces, templates, config, members) = Self.groups(diff)
        for (workspace, changes) in workspaces {
            lines.append("")
            lines.append(ANSIStyle.bold.paint(workspace, enabled: color))
            for change in changes {
                var line = "  " + paint("\(change.symbol) \(change.phrase)", change.symbol)
                if !change.sources.isEmpty { line += "  # " + sources(change) }
                lines.append(line)
            }
        }
        for (title, changes) in [
            ("Groups and template access", members), ("FactoryTemplates", templates), ("Config", config),
        ]
        where !changes.isEmpty {
            lines.append("")
            lines.append(title + ":")
            for change in changes {
                var line = "  " + paint("\(change.symbol) \(change.phrase)", change.symbol)
                if !change.sources.isEmpty { line += "  # " + sources(change) }
                lines.append(line)
            }
        }
        if !diff.ruleViolations.isEmpty {
            lines += ["", ANSIStyle.bold.paint("Sharing rules broken at \(diff.head.name):", enabled: color)]
            lines += diff.ruleViolations.map { "  \($0.location?.description ?? ""): \($0.text)" }
        }
        lines.append("")
        lines.append("Summary: \(diff.summaryLine).")
        if let removals = diff.removals, removals.count > 0 { lines.append(Self.removalLine(removals)) }
        return lines.joined(separator: "\n")
    }

    /// `Removals: 14 removals of 40 grants; the limit is 10 (...)`, and what reconcile will do.
    static func removalLine(_ removals: Removals) -> String {
        let verdict =
            removals.exceeded
            ? "reconcile will refuse this unless allowed (--max-removals 100%, or prune.maxRemovals)"
            : "within the limit"
        return "Removals: \(removals.summary): \(verdict)."
    }

    /// Where a change happens, for the markdown table's second column.
    static func place(of change: AccessChange) -> String {
        if let group = change.group { return "group `\(group)`" }
        if let template = change.accessTemplate { return "template access `\(template)`" }
        if let workspace = change.workspace { return "`\(workspace)`" }
        if let template = change.template { return "template `\(template)`" }
        return "Config"
    }

    public func markdown(_ diff: AccessDiff, limit: Int = PlanFormatter.markdownLimit, failures: [AccessChange] = [])
        -> String
    {
        var header = [
            "### Atrium access diff",
            "",
            "**\(diff.summaryLine)** — from `\(diff.base.name)` (\(Self.baseCommit(diff))) "
                + "to `\(diff.head.name)` (`\(diff.head.commit.prefix(12))`).",
            "",
        ]
        if let removals = diff.removals, removals.exceeded {
            header.insert("> [!WARNING]\n> \(Self.removalLine(removals))\n", at: 2)
        }
        if !diff.ruleViolations.isEmpty {
            let lines = diff.ruleViolations.prefix(20).map { "> - `\($0.location?.description ?? "")`: \($0.text)" }
            header.insert(
                "> [!CAUTION]\n> The change breaks sharing rules:\n" + lines.joined(separator: "\n") + "\n", at: 2)
        }
        if !failures.isEmpty {
            header.insert(
                "> [!CAUTION]\n> \(failures.count) change\(failures.count == 1 ? "" : "s") "
                    + "need\(failures.count == 1 ? "s" : "") attention (`--fail-on`).\n",
                at: 2)
        }
        func escape(_ text: String) -> String { text.replacingOccurrences(of: "|", with: "\\|") }
        let rows = diff.changes.map { change in
            let what = Self.place(of: change)
            let sources = change.sources.map { source in
                "`\(source.description)`" + (source.commit.map { " (\($0.sha.prefix(8)), \(escape($0.author)))" } ?? "")
            }.joined(separator: ", ")
            let flag = failures.contains(change) ? " ⚠️" : ""
            return "| \(change.symbol) | \(what) | \(escape(change.phrase))\(flag) | \(sources) |"
        }
        let tableHeader = ["| | where | change | declared at |", "|---|---|---|---|"]
        let footer = ["", "_\(diff.summaryLine)_"]
        func render(_ middle: [String]) -> String { (header + middle + footer).joined(separator: "\n") }
        if diff.isEmpty { return render(["No change in effective access."]) }
        let document = render(tableHeader + rows)
        if document.count <= limit { return document }
        let fitted = MarkdownTable.fit(
            rows: rows, tableHeader: tableHeader, limit: limit,
            cutRow: { "| … | | **\($0) more changes not shown** (all of them: `atrium diff --format json`) | |" },
            render: render)
        return fitted ?? render(["(\(rows.count) changes; too many to list here: `atrium diff --format json`)"])
    }

    /// `merge base `abc`` for a branch base, else the base's commit.
    static func baseCommit(_ diff: AccessDiff) -> String {
        diff.base.mergeBase.map { "merge base `\($0.prefix(12))`" } ?? "`\(diff.base.commit.prefix(12))`"
    }
}
