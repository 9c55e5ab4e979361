/// The server's groups with their members and its templates' ACLs (`atrium list --groups
/// --templates`).
public struct IdentityListing: Sendable, Codable {
    /// Group name → member usernames, sorted.
    public var groups: [String: [String]]
    /// Template name → `user:NAME` or `group:NAME` → `use` or `admin`.
    public var templates: [String: [String: String]]

    public init(groups: [String: [String]], templates: [String: [String: String]]) {
        self.groups = groups
        self.templates = templates
    }

    /// One line per group, then one per template.
    public func text(groups showGroups: Bool, templates showTemplates: Bool) -> String {
        var lines: [String] = []
        if showGroups {
            lines.append("GROUP                    MEMBERS")
            for (name, members) in groups.sorted(by: { $0.key < $1.key }) {
                lines.append("\(pad(name, 24)) \(members.isEmpty ? "-" : members.joined(separator: ", "))")
            }
        }
        if showTemplates {
            if !lines.isEmpty { lines.append("") }
            lines.append("TEMPLATE                 ACL")
            for (name, acl) in templates.sorted(by: { $0.key < $1.key }) {
                let entries = acl.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }
                lines.append("\(pad(name, 24)) \(entries.isEmpty ? "-" : entries.joined(separator: ", "))")
            }
        }
        return lines.joined(separator: "\n")
    }
}
