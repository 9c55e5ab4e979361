package import AtriumCore
import AtriumYAML

/// A `Seed` document: users, groups, templates (and optionally workspaces) that the reference
/// server loads at start, idempotently, for demos and tests.
///
/// ```yaml
/// apiVersion: atrium/v1
/// kind: Seed
/// users: [{username: alice, email: alice@example.com, name: Alice, admin: false}]
/// groups: [{name: qa, members: [alice]}]
/// templates: [{name: python-dev, displayName: Python, parameters: [region]}]
/// workspaces: [{owner: alice, name: scratch, template: python-dev, parameters: {region: eu-west}}]
/// ```
package struct Seed: Sendable {
    package struct User: Sendable {
        package var username: String
        package var email: String
        package var name: String
        package var admin: Bool
        /// A service account (Coder's `is_service_account`).
        package var serviceAccount: Bool = false
        /// `active`, `dormant` or `suspended` (Coder's user statuses).
        package var status: String = "active"
    }

    package struct Group: Sendable {
        package var name: String
        package var organization: String
        package var members: [String]
    }

    package struct Template: Sendable {
        package var name: String
        package var organization: String
        package var displayName: String
        package var description: String
        package var parameters: [String]
        /// The widest level its workspaces' ports may be shared at (`owner` when not given).
        package var maxPortShareLevel: String = "owner"
    }

    package struct Workspace: Sendable {
        package var owner: String
        package var name: String
        package var template: String
        package var parameters: [String: String]
    }

    package var users: [User] = []
    package var groups: [Group] = []
    package var templates: [Template] = []
    package var workspaces: [Workspace] = []

    package init() {}

    /// This seed followed by `other`'s users, groups, templates and workspaces: a seed too large
    /// for one file (`SourceLimits.nodesPerFile`) is given as several (`serve --seed A --seed B`),
    /// and a later file may name what an earlier one creates.
    package func followed(by other: Seed) -> Seed {
        var seed = self
        seed.users += other.users
        seed.groups += other.groups
        seed.templates += other.templates
        seed.workspaces += other.workspaces
        return seed
    }

    /// Parses a seed file; every problem is reported with its location.
    package static func parse(_ bytes: [UInt8], file: String) throws(DiagnosticError) -> Seed {
        let documents = try YAMLParser.parse(bytes, file: file)
        var reader = NodeReader()
        var seed = Seed()
        for document in documents {
            guard
                let fields = reader.fields(
                    document.root, "Seed", known: ["apiVersion", "kind", "users", "groups", "templates", "workspaces"],
                    required: ["apiVersion", "kind"])
            else { continue }
            if let node = fields["apiVersion"], let version = reader.string(node, "apiVersion"),
                version != DocumentDecoder.apiVersion
            {
                reader.error(
                    node.location, "unsupported apiVersion `\(version)`", hint: "use `\(DocumentDecoder.apiVersion)`")
            }
            if let node = fields["kind"], let kind = reader.string(node, "kind"), kind != "Seed" {
                reader.error(node.location, "a seed file holds `kind: Seed` documents, not `\(kind)`")
            }
            for item in fields["users"].flatMap({ reader.list($0, "users") }) ?? [] {
                if let user = Self.user(item, &reader) { seed.users.append(user) }
            }
            for item in fields["groups"].flatMap({ reader.list($0, "groups") }) ?? [] {
                if let group = Self.group(item, &reader) { seed.groups.append(group) }
            }
            for item in fields["templates"].flatMap({ reader.list($0, "templates") }) ?? [] {
                if let template = Self.template(item, &reader) { seed.templates.append(template) }
            }
            for item in fields["workspaces"].flatMap({ reader.list($0, "workspaces") }) ?? [] {
                if let workspace = Self.workspace(item, &reader) { seed.workspaces.append(workspace) }
            }
        }
        if !reader.diagnostics.isEmpty { throw DiagnosticError(reader.diagnostics) }
        return seed
    }

    private static func user(_ item: YAMLNode, _ reader: inout NodeReader) -> User? {
        guard
            let user = reader.fields(
                item, "seed user", known: ["username", "email", "name", "admin", "serviceAccount", "status"],
                required: ["username"]),
            let username = user["username"].flatMap({ reader.name($0, "username") })
        else { return nil }
        var seeded = User(
            username: username,
            email: user["email"].flatMap { reader.string($0, "email") } ?? "\(username)@example.com",
            name: user["name"].flatMap { reader.string($0, "name") } ?? "",
            admin: user["admin"].flatMap { reader.bool($0, "admin") } ?? false,
            serviceAccount: user["serviceAccount"].flatMap { reader.bool($0, "serviceAccount") } ?? false)
        if let node = user["status"], let status = reader.choice(node, "status", as: UserStatus.self) {
            seeded.status = status.rawValue
        }
        return seeded
    }

    private static func group(_ item: YAMLNode, _ reader: inout NodeReader) -> Group? {
        guard
            let group = reader.fields(
                item, "seed group", known: ["name", "organization", "members"], required: ["name"]),
            let name = group["name"].flatMap({ reader.name($0, "group name", maxLength: 64) })
        else { return nil }
        return Group(
            name: name, organization: group["organization"].flatMap { reader.string($0, "organization") } ?? "default",
            members: group["members"].flatMap { reader.strings($0, "members") } ?? [])
    }

    private static func template(_ item: YAMLNode, _ reader: inout NodeReader) -> Template? {
        guard
            let template = reader.fields(
                item, "seed template",
                known: ["name", "organization", "displayName", "description", "parameters", "maxPortShareLevel"],
                required: ["name"]),
            let name = template["name"].flatMap({ reader.name($0, "template name", maxLength: 64) })
        else { return nil }
        var level = PortShareLevel.owner
        if let node = template["maxPortShareLevel"] {
            guard let value = reader.choice(node, "maxPortShareLevel", as: PortShareLevel.self) else { return nil }
            level = value
        }
        var result = Template(
            name: name,
            organization: template["organization"].flatMap { reader.string($0, "organization") } ?? "default",
            displayName: template["displayName"].flatMap { reader.string($0, "displayName") } ?? "",
            description: template["description"].flatMap { reader.string($0, "description") } ?? "",
            parameters: template["parameters"].flatMap { reader.strings($0, "parameters") } ?? [])
        result.maxPortShareLevel = level.rawValue
        return result
    }

    private static func workspace(_ item: YAMLNode, _ reader: inout NodeReader) -> Workspace? {
        guard
            let workspace = reader.fields(
                item, "seed workspace", known: ["owner", "name", "template", "parameters"],
                required: ["owner", "name", "template"]),
            let owner = workspace["owner"].flatMap({ reader.name($0, "owner") }),
            let name = workspace["name"].flatMap({ reader.name($0, "workspace name", workspace: true) }),
            let template = workspace["template"].flatMap({ reader.name($0, "template", maxLength: 64) })
        else { return nil }
        var parameters: [String: String] = [:]
        for entry in workspace["parameters"].flatMap({ reader.entries($0, "parameters") }) ?? [] {
            if let value = reader.loose(entry.value, "parameter `\(entry.key)`") { parameters[entry.key] = value }
        }
        return Workspace(owner: owner, name: name, template: template, parameters: parameters)
    }
}
