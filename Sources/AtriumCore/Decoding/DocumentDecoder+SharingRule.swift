import Foundation

/// The SharingRule document: `metadata.name`; `spec.workspaces` (`selector`, `names` or
/// `owners.groups`; all when left out), `subjects` and `allow` (`users`, `groups`), `maxRole`,
/// `requireExpiry`, `maxDuration` (`30d`), `link: forbidden | allowed`, `maxPortShareLevel` and
/// `approvers`.
extension DocumentDecoder {
    static let sharingRuleFields = [
        "workspaces", "subjects", "allow", "maxRole", "requireExpiry", "maxDuration", "link", "maxPortShareLevel",
        "approvers", "reviewers",
    ]

    mutating func decodeSharingRule(_ root: YAMLNode) {
        guard
            let fields = reader.fields(
                root, "SharingRule", known: ["apiVersion", "kind", "metadata", "spec"], required: ["metadata", "spec"]),
            let metadataNode = fields["metadata"], let specNode = fields["spec"],
            let metadata = reader.fields(metadataNode, "SharingRule metadata", known: ["name"], required: ["name"]),
            let nameNode = metadata["name"], let name = reader.name(nameNode, "SharingRule name", maxLength: 63),
            let spec = reader.fields(specNode, "SharingRule spec", known: Self.sharingRuleFields)
        else { return }
        var rule = SharingRule(name: name, location: root.location, nameLocation: nameNode.location)
        if let node = spec["workspaces"] {
            guard let workspaces = ruleWorkspaces(node) else { return }
            rule.workspaces = workspaces
        }
        if let node = spec["subjects"] { rule.subjects = ruleSubjects(node, "subjects") }
        if let node = spec["allow"] { rule.allow = ruleSubjects(node, "allow") }
        if let node = spec["maxRole"] { rule.maxRole = reader.choice(node, "maxRole", as: Role.self) }
        if let node = spec["requireExpiry"] { rule.requireExpiry = reader.bool(node, "requireExpiry") ?? false }
        if let node = spec["maxDuration"] { rule.maxDuration = ruleDuration(node) }
        if let node = spec["link"], let link = reader.choice(node, "link", as: Config.Policy.Link.self) {
            rule.forbidsLink = link == .forbidden
        }
        if let node = spec["maxPortShareLevel"] {
            rule.maxPortShareLevel = reader.choice(node, "maxPortShareLevel", as: PortShareLevel.self)
        }
        if let node = spec["approvers"] { rule.approvers = approvers(node) }
        if let node = spec["reviewers"] { rule.reviewers = reader.strings(node, "reviewers") ?? [] }
        let limits = [rule.allow != nil, rule.maxRole != nil, rule.requireExpiry, rule.maxDuration != nil]
        if !limits.contains(true) && !rule.forbidsLink && rule.maxPortShareLevel == nil {
            reader.error(
                specNode.location, "SharingRule `\(name)` limits nothing",
                hint: "add `allow`, `maxRole`, `requireExpiry`, `maxDuration`, `link: forbidden` or `maxPortShareLevel`"
            )
        }
        state.rules.append(rule)
    }

    /// `{selector: {team: payments}}`, `{names: [owner/name]}` or `{owners: {groups: [payments]}}`.
    private mutating func ruleWorkspaces(_ node: YAMLNode) -> SharingRule.Workspaces? {
        guard let choice = reader.fields(node, "SharingRule workspaces", known: ["selector", "names", "owners"]) else {
            return nil
        }
        let given = ["selector", "names", "owners"].filter { choice[$0] != nil }
        guard given.count == 1 else {
            reader.error(
                node.location, "SharingRule workspaces must choose one way: `selector`, `names` or `owners`",
                hint: given.isEmpty ? "leave `workspaces` out to cover every workspace" : "write two rules")
            return nil
        }
        if let selector = choice["selector"] {
            let labels = reader.labels(selector, "selector")
            return labels.isEmpty ? .all : .selector(labels)
        }
        if let names = choice["names"] {
            var ids: [WorkspaceID] = []
            for item in reader.list(names, "names") ?? [] {
                guard let text = reader.string(item, "workspace name") else { continue }
                guard let id = WorkspaceID(text) else {
                    reader.error(item.location, "`\(text)` is not `owner/name`", hint: "e.g. alice/backend")
                    continue
                }
                ids.append(id)
            }
            return .names(ids)
        }
        guard let owners = choice["owners"],
            let fields = reader.fields(owners, "SharingRule owners", known: ["groups"], required: ["groups"]),
            let groups = fields["groups"].flatMap({ reader.strings($0, "owners.groups") })
        else { return nil }
        return .ownersInGroups(groups)
    }

    /// `{users: [...], groups: [...]}`.
    private mutating func ruleSubjects(_ node: YAMLNode, _ what: String) -> SharingRule.Subjects? {
        guard let fields = reader.fields(node, what, known: ["users", "groups"]) else { return nil }
        let users = fields["users"].flatMap { reader.strings($0, "\(what).users") } ?? []
        let groups = fields["groups"].flatMap { reader.strings($0, "\(what).groups") } ?? []
        return SharingRule.Subjects(users: Set(users), groups: Set(groups))
    }

    private mutating func ruleDuration(_ node: YAMLNode) -> Duration? {
        guard let text = reader.loose(node, "maxDuration") else { return nil }
        guard let duration = IntervalText.parse(text), duration > .zero else {
            reader.error(node.location, "maxDuration `\(text)` is not a duration", hint: "write e.g. `8h`, `30d`, `2w`")
            return nil
        }
        return duration
    }

    /// `approvers: ['@acme/payments-leads', '@maria']`: code-host handles and teams.
    mutating func approvers(_ node: YAMLNode) -> [String] {
        var handles: [String] = []
        for item in reader.list(node, "approvers") ?? [] {
            guard let text = reader.string(item, "approver") else { continue }
            let body = text.dropFirst()
            let valid =
                text.hasPrefix("@") && !body.isEmpty && body.count <= 100
                && body.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || "-_./".contains($0)) }
            guard valid else {
                reader.error(
                    item.location, "approver `\(text)` is not a code-host handle",
                    hint: "write `@user` or `@org/team`, quoted in YAML")
                continue
            }
            handles.append(text)
        }
        return handles
    }
}
