import Foundation

/// The Config document, one section at a time.
extension DocumentDecoder {
    mutating func decodeConfig(_ root: YAMLNode, at location: SourceLocation) {
        configCount += 1
        if configCount > 1, let first = state.config.location {
            reader.error(
                root.location, "a second Config document (the first is at \(first))",
                hint: "keep one Config, in atrium.yaml at the root of the path")
            return
        }
        guard
            let fields = reader.fields(
                root, "Config", known: ["apiVersion", "kind", "server", "scope", "policy", "prune", "templates"],
                hints: ["token": "tokens never go in git: name the environment variable with `server.tokenEnv`"])
        else { return }
        var config = Config(location: root.location)
        if let node = fields["server"] { decodeServer(node, into: &config) }
        if let node = fields["scope"] { decodeScope(node, into: &config) }
        if let node = fields["policy"] { decodePolicy(node, into: &config) }
        if let node = fields["prune"] { decodePrune(node, into: &config) }
        if let node = fields["templates"], let items = reader.list(node, "templates") {
            config.templates = items.compactMap { reader.name($0, "template name", maxLength: 64) }
            config.templatesLocation = node.location
        }
        state.config = config
    }

    private mutating func decodeServer(_ node: YAMLNode, into config: inout Config) {
        guard
            let server = reader.fields(
                node, "server", known: ["url", "organization", "tokenEnv"],
                hints: ["token": "tokens never go in git: name the environment variable with `tokenEnv`"])
        else { return }
        if let node = server["url"], let url = reader.string(node, "server.url") {
            if let components = URLComponents(string: url), let scheme = components.scheme,
                scheme == "http" || scheme == "https", components.host?.isEmpty == false
            {
                config.server.url = url
            } else {
                reader.error(
                    node.location, "server.url `\(url)` is not an http or https URL",
                    hint: "e.g. https://coder.example.com")
            }
        }
        if let node = server["organization"], let organization = reader.name(node, "server.organization", maxLength: 64)
        {
            config.server.organization = organization
        }
        if let node = server["tokenEnv"], let name = reader.string(node, "server.tokenEnv") {
            if let problem = NameRules.environmentVariableProblem(name) {
                reader.error(
                    node.location, "server.tokenEnv `\(name)` \(problem)",
                    hint: "name an environment variable, e.g. ATRIUM_TOKEN")
            } else {
                config.server.tokenEnv = name
            }
        }
    }

    private mutating func decodeScope(_ node: YAMLNode, into config: inout Config) {
        if case .scalar = node.content {
            switch reader.string(node, "scope") {
            case "declared"?: config.scope = .declared
            case "all"?: config.scope = .all
            case let other?:
                reader.error(
                    node.location, "unknown scope `\(other)`",
                    hint: "use `declared`, `all` or `{owners: [...], templates: [...]}`")
            case nil: break
            }
            return
        }
        guard let scope = reader.fields(node, "scope", known: ["owners", "templates"]) else { return }
        var owners: [String] = []
        var templates: [String] = []
        if let node = scope["owners"], let items = reader.list(node, "scope.owners") {
            owners = items.compactMap { reader.name($0, "scope owner") }
        }
        if let node = scope["templates"], let items = reader.list(node, "scope.templates") {
            templates = items.compactMap { reader.name($0, "scope template", maxLength: 64) }
        }
        if owners.isEmpty && templates.isEmpty {
            reader.error(
                node.location, "scope selects nothing", hint: "list `owners:` or `templates:`, or use `declared`")
        }
        config.scope = .filter(owners: owners, templates: templates)
    }

    private mutating func decodePolicy(_ node: YAMLNode, into config: inout Config) {
        guard
            let policy = reader.fields(
                node, "policy",
                known: ["sharing", "maxRole", "link", "requireExpiry", "maxPortShareLevel", "inactiveUsers"])
        else {
            return
        }
        if let node = policy["sharing"],
            let value = reader.choice(node, "policy.sharing", as: Config.Policy.Sharing.self)
        {
            config.policy.sharing = value
            config.policy.sharingLocation = node.location
        }
        if let node = policy["maxRole"], let value = reader.choice(node, "policy.maxRole", as: Role.self) {
            config.policy.maxRole = value
            config.policy.maxRoleLocation = node.location
        }
        if let node = policy["link"], let value = reader.choice(node, "policy.link", as: Config.Policy.Link.self) {
            config.policy.link = value
            config.policy.linkLocation = node.location
        }
        if let node = policy["maxPortShareLevel"],
            let value = reader.choice(node, "policy.maxPortShareLevel", as: PortShareLevel.self)
        {
            config.policy.maxPortShareLevel = value
            config.policy.maxPortShareLevelLocation = node.location
        }
        if let node = policy["inactiveUsers"],
            let value = reader.choice(node, "policy.inactiveUsers", as: Config.Policy.InactiveUsers.self)
        {
            config.policy.inactiveUsers = value
            config.policy.inactiveUsersLocation = node.location
        }
        if let node = policy["requireExpiry"], let value = reader.bool(node, "policy.requireExpiry") {
            config.policy.requireExpiry = value
            config.policy.requireExpiryLocation = node.location
        }
    }

    private mutating func decodePrune(_ node: YAMLNode, into config: inout Config) {
        guard let prune = reader.fields(node, "prune", known: ["grants", "groups", "ports", "maxRemovals"]) else {
            return
        }
        if let node = prune["ports"], let value = reader.bool(node, "prune.ports") {
            config.prunePorts = value
            config.prunePortsLocation = node.location
        }
        if let node = prune["groups"], let value = reader.bool(node, "prune.groups") {
            config.pruneGroups = value
            config.pruneGroupsLocation = node.location
        }
        if let node = prune["grants"], let value = reader.bool(node, "prune.grants") {
            config.pruneGrants = value
        }
        if let node = prune["maxRemovals"], let text = reader.string(node, "prune.maxRemovals") {
            if let limit = RemovalLimit(text) {
                config.maxRemovals = limit
                config.maxRemovalsLocation = node.location
            } else {
                reader.error(
                    node.location, "prune.maxRemovals `\(text)` is not a count or a percentage",
                    hint: "write a count such as 10, or a share of the live grants such as 25%")
            }
        }
    }
}
