import Foundation

/// The AccessReview document: `metadata.name`; `spec.due`, `startedAt`, `commit`, and
/// `reviewers`: each reviewer's list of `{grant, decision, comment}`.
extension DocumentDecoder {
    mutating func decodeAccessReview(_ root: YAMLNode) {
        guard
            let fields = reader.fields(
                root, "AccessReview", known: ["apiVersion", "kind", "metadata", "spec"],
                required: ["metadata", "spec"]),
            let metadataNode = fields["metadata"], let specNode = fields["spec"],
            let metadata = reader.fields(metadataNode, "AccessReview metadata", known: ["name"], required: ["name"]),
            let nameNode = metadata["name"], let name = reader.name(nameNode, "AccessReview name", maxLength: 63),
            let spec = reader.fields(
                specNode, "AccessReview spec", known: ["due", "startedAt", "commit", "reviewers"],
                required: ["due", "reviewers"]),
            let dueNode = spec["due"], let due = reader.timestamp(dueNode, "due")
        else { return }
        var campaign = ReviewCampaign(
            name: name, due: due, items: [], location: root.location, nameLocation: nameNode.location)
        campaign.startedAt = spec["startedAt"].flatMap { reader.timestamp($0, "startedAt") }
        campaign.commit = spec["commit"].flatMap { reader.string($0, "commit") }
        for entry in spec["reviewers"].flatMap({ reader.entries($0, "reviewers") }) ?? [] {
            for item in reader.list(entry.value, "the grants of reviewer `\(entry.key)`") ?? [] {
                if let decided = reviewItem(item, reviewer: entry.key) { campaign.items.append(decided) }
            }
        }
        state.reviews.append(campaign)
    }

    private mutating func reviewItem(_ node: YAMLNode, reviewer: String) -> ReviewCampaign.Item? {
        guard
            let fields = reader.fields(
                node, "review item", known: ["grant", "decision", "comment"], required: ["grant", "decision"]),
            let grantNode = fields["grant"], let grant = reader.string(grantNode, "grant"),
            let decisionNode = fields["decision"],
            let decision = reader.choice(decisionNode, "decision", as: ReviewCampaign.Decision.self)
        else { return nil }
        let comment = fields["comment"].flatMap { reader.string($0, "comment") }
        if decision == .revoke, comment?.isEmpty ?? true {
            reader.error(
                decisionNode.location, "revoking `\(grant)` needs a `comment` saying why",
                hint: "add `comment: ...` to the entry")
        }
        return ReviewCampaign.Item(
            reviewer: reviewer, grant: grant, decision: decision, comment: comment, location: grantNode.location)
    }
}
