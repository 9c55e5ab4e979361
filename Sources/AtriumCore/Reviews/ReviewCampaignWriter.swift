public import Foundation

/// `atrium review start`: the AccessReview document of a new campaign, every effective grant at
/// the commit (workspace grants, links, port shares, memberships, template ACLs) under its
/// reviewer — `reviewers` on the object or a SharingRule that covers it, else the workspace's
/// owner or the group's or template's approvers — each `decision: pending`.
public struct ReviewCampaignWriter: Sendable {
    public var name: String
    public var due: Date
    public var startedAt: Date
    public var commit: String

    public init(name: String, due: Date, startedAt: Date, commit: String) {
        self.name = name
        self.due = due
        self.startedAt = startedAt
        self.commit = commit
    }

    /// The grants by reviewer, in order.
    public func assignments(_ state: DesiredState) -> [(reviewer: String, grants: [String])] {
        let rows = ReviewProgress.reviewable(
            AccessReview(state: state, revision: .init(name: "", commit: commit), at: startedAt).rows)
        let reviewer = Reviewers(state: state, now: startedAt)
        var order: [String] = []
        var grouped: [String: [String]] = [:]
        for row in rows {
            let who = reviewer.of(row.workspace)
            if grouped[who] == nil { order.append(who) }
            grouped[who, default: []].append(ReviewCampaign.key(row))
        }
        return order.sorted().map { ($0, grouped[$0] ?? []) }
    }

    /// The document, every value quoted.
    public func yaml(_ state: DesiredState) -> String {
        var lines = [
            "# A review campaign: set each `decision` to keep or revoke (with a `comment`) in a pull request.",
            "# `atrium review status` shows progress; `atrium review apply` removes what was revoked.",
            "apiVersion: atrium/v1", "kind: AccessReview", "metadata: {name: \(YAMLText.quoted(name))}", "spec:",
            "  due: \(Timestamp.format(due))", "  startedAt: \(Timestamp.format(startedAt))",
            "  commit: \(YAMLText.quoted(commit))", "  reviewers:",
        ]
        for (reviewer, grants) in assignments(state) {
            lines.append("    \(YAMLText.quoted(reviewer)):")
            lines += grants.map { "      - {grant: \(YAMLText.quoted($0)), decision: pending}" }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// `reviews/NAME.yaml` under the desired state's folder.
    public var path: String { "reviews/\(name).yaml" }
}

/// Who reviews what a row is on: a workspace, `group NAME` or `template NAME`.
struct Reviewers {
    let workspaces: [String: Workspace]
    let groups: [String: Group]
    let templates: [String: TemplateAccess]
    let rules: [SharingRule]
    let book: RuleBook

    init(state: DesiredState, now: Date) {
        workspaces = Dictionary(
            state.workspaces.map { ($0.id.description, $0) }, uniquingKeysWith: { first, _ in first })
        groups = Dictionary(state.groups.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
        templates = Dictionary(state.templateAccess.map { ($0.template, $0) }, uniquingKeysWith: { first, _ in first })
        rules = state.rules
        book = RuleBook(state: state, now: now)
    }

    func of(_ target: String) -> String {
        if let workspace = workspaces[target] {
            let fromRules = rules.filter { book.covers($0, workspace) }.flatMap(\.reviewers)
            return (workspace.reviewers + fromRules).first ?? workspace.owner
        }
        if target.hasPrefix("group "), let group = groups[String(target.dropFirst(6))] {
            return (group.reviewers + group.approvers).first ?? "unassigned"
        }
        if target.hasPrefix("template "), let access = templates[String(target.dropFirst(9))] {
            return (access.reviewers + access.approvers).first ?? "unassigned"
        }
        return "unassigned"
    }
}
