import Foundation

/// Turns parsed YAML documents into the typed desired state, collecting every problem found.
///
/// Feed it documents with ``decode(_:)``; read ``state`` and ``diagnostics`` at the end.
public struct DocumentDecoder {
    public static let apiVersion = "atrium/v1"

    public enum Kind: String, CaseIterable, Sendable {
        case config = "Config"
        case workspace = "Workspace"
        case grant = "Grant"
        case factoryTemplate = "FactoryTemplate"
        case group = "Group"
        case templateAccess = "TemplateAccess"
        case sharingRule = "SharingRule"
        case accessReview = "AccessReview"
    }

    public internal(set) var state = DesiredState()
    var reader = NodeReader()
    var configCount = 0

    public var diagnostics: [Diagnostic] { reader.diagnostics }
    /// What decoding left out of `diagnostics` (see `DiagnosticLimit`).
    public var omitted: DiagnosticLimit { reader.limit }

    public init() {}

    /// Appends what `other` decoded (from files that come after this decoder's).
    public mutating func merge(_ other: DocumentDecoder) {
        if other.configCount > 0 {
            if configCount > 0, let first = state.config.location, let second = other.state.config.location {
                reader.error(
                    second, "a second Config document (the first is at \(first))",
                    hint: "keep one Config, in atrium.yaml at the root of the path")
            } else {
                state.config = other.state.config
            }
            configCount += other.configCount
        }
        state.append(other.state)
        reader.diagnostics += other.reader.diagnostics
        reader.limit.merge(other.reader.limit)
    }

    public mutating func decode(_ document: YAMLDocument) {
        let root = document.root
        guard case .mapping(let entries) = root.content else {
            reader.error(
                root.location, "a document must be a mapping, not \(root.kindDescription)",
                hint: "start it with `apiVersion: atrium/v1` and `kind:`")
            return
        }
        func value(_ key: String) -> YAMLNode? { entries.first(where: { $0.key == key })?.value }

        guard let versionNode = value("apiVersion") else {
            reader.error(root.location, "missing field `apiVersion`", hint: "add `apiVersion: \(Self.apiVersion)`")
            return
        }
        guard let version = reader.string(versionNode, "apiVersion") else { return }
        guard version == Self.apiVersion else {
            reader.error(versionNode.location, "unsupported apiVersion `\(version)`", hint: "use `\(Self.apiVersion)`")
            return
        }
        guard let kindNode = value("kind") else {
            reader.error(
                root.location, "missing field `kind`",
                hint: "add `kind:` with one of \(Kind.allCases.map(\.rawValue).joined(separator: ", "))")
            return
        }
        guard let kind = reader.choice(kindNode, "kind", as: Kind.self) else { return }

        switch kind {
        case .config: decodeConfig(root, at: document.location)
        case .workspace: decodeWorkspace(root, at: document.location)
        case .grant: decodeGrant(root, at: document.location)
        case .factoryTemplate: decodeFactoryTemplate(root, at: document.location)
        case .group: decodeGroup(root, at: document.location)
        case .templateAccess: decodeTemplateAccess(root, at: document.location)
        case .sharingRule: decodeSharingRule(root)
        case .accessReview: decodeAccessReview(root)
        }
    }

    // MARK: Workspace

    private mutating func decodeWorkspace(_ root: YAMLNode, at location: SourceLocation) {
        guard
            let fields = reader.fields(
                root, "Workspace", known: ["apiVersion", "kind", "metadata", "spec"], required: ["metadata", "spec"]),
            let metadataNode = fields["metadata"], let specNode = fields["spec"]
        else { return }
        let metadata = reader.fields(
            metadataNode, "Workspace metadata", known: ["name", "owner", "labels"], required: ["name", "owner"])
        let spec = reader.fields(
            specNode, "Workspace spec",
            known: ["template", "parameters", "sharing", "snapshots", "approvers", "reviewers"],
            required: ["template"])

        let nameNode = metadata?["name"]
        let name = nameNode.flatMap { reader.name($0, "workspace name", workspace: true) }
        let owner = metadata?["owner"].flatMap { reader.name($0, "owner") }
        let labels = metadata?["labels"].map { reader.labels($0, "labels") } ?? [:]
        let templateNode = spec?["template"]
        let template = templateNode.flatMap { reader.name($0, "template", maxLength: 64) }

        let parameters = spec?["parameters"].map { workspaceParameters($0) } ?? [:]
        let sharing = spec?["sharing"].map { workspaceSharing($0) } ?? Sharing()
        let snapshots = spec?["snapshots"].map { workspaceSnapshots($0) } ?? []

        guard let name, let owner, let template, let nameNode, let templateNode else { return }
        var workspace = Workspace(
            name: name, owner: owner, labels: labels, template: template, parameters: parameters,
            grants: sharing.grants,
            link: sharing.link, snapshots: snapshots, location: root.location, nameLocation: nameNode.location,
            templateLocation: templateNode.location, linkLocation: sharing.linkLocation,
            ownerLocation: metadata?["owner"]?.location)
        workspace.parametersLocation = spec?["parameters"]?.location
        workspace.approvers = spec?["approvers"].map { approvers($0) } ?? []
        workspace.reviewers = spec?["reviewers"].flatMap { reader.strings($0, "reviewers") } ?? []
        workspace.ports = sharing.ports
        workspace.portsLocation = sharing.portsLocation
        state.workspaces.append(workspace)
    }

    private mutating func workspaceParameters(_ node: YAMLNode) -> [String: String] {
        var parameters: [String: String] = [:]
        for entry in reader.entries(node, "parameters") ?? [] {
            if let value = reader.loose(entry.value, "parameter `\(entry.key)`") { parameters[entry.key] = value }
        }
        return parameters
    }

    /// What `sharing:` declares.
    private struct Sharing {
        var grants: [SubjectGrant] = []
        var link: LinkLevel?
        var linkLocation: SourceLocation?
        var ports: [DeclaredPort]?
        var portsLocation: SourceLocation?
    }

    /// `sharing:`: its users' and groups' grants, the link level and the shared ports, with
    /// where the link and the ports are written.
    private mutating func workspaceSharing(_ node: YAMLNode) -> Sharing {
        var result = Sharing()
        guard let sharing = reader.fields(node, "sharing", known: ["users", "groups", "link", "ports"]) else {
            return result
        }
        if let node = sharing["users"] {
            result.grants += subjectGrants(node, "sharing.users", defaultExpires: nil, makeSubject: Subject.user)
        }
        if let node = sharing["groups"] {
            result.grants += subjectGrants(node, "sharing.groups", defaultExpires: nil, makeSubject: Subject.group)
        }
        if let linkNode = sharing["link"] {
            result.link = reader.choice(linkNode, "link level", as: LinkLevel.self)
            result.linkLocation = linkNode.location
        }
        if let portsNode = sharing["ports"] {
            result.ports = workspacePorts(portsNode)
            result.portsLocation = portsNode.location
        }
        return result
    }

    /// `sharing.ports`: `{port: 8080, level: authenticated}`, with `agent:` and `protocol:`.
    private mutating func workspacePorts(_ node: YAMLNode) -> [DeclaredPort] {
        var ports: [DeclaredPort] = []
        for item in reader.list(node, "sharing.ports") ?? [] {
            guard
                let fields = reader.fields(
                    item, "port share", known: ["port", "agent", "level", "protocol"], required: ["port", "level"]),
                let portNode = fields["port"], let port = reader.int(portNode, "sharing.ports port"),
                let levelNode = fields["level"],
                let level = reader.choice(levelNode, "port share level", as: PortShareLevel.self)
            else { continue }
            let agent = fields["agent"].flatMap { reader.name($0, "agent name", maxLength: 64) }
            if fields["agent"] != nil && agent == nil { continue }
            var protocolValue = PortProtocol.http
            if let node = fields["protocol"] {
                guard let value = reader.choice(node, "port protocol", as: PortProtocol.self) else { continue }
                protocolValue = value
            }
            ports.append(
                DeclaredPort(
                    port: port, agent: agent, level: level, protocol: protocolValue, location: portNode.location,
                    levelLocation: levelNode.location))
        }
        return ports
    }

    private mutating func workspaceSnapshots(_ node: YAMLNode) -> [Workspace.Snapshot] {
        var snapshots: [Workspace.Snapshot] = []
        for item in reader.list(node, "snapshots") ?? [] {
            guard let snapshot = reader.fields(item, "snapshot", known: ["name"], required: ["name"]),
                let nameNode = snapshot["name"], let name = reader.name(nameNode, "snapshot name", maxLength: 64)
            else { continue }
            snapshots.append(Workspace.Snapshot(name: name, location: nameNode.location))
        }
        return snapshots
    }

    /// `{name: role}` or `{name: {role: ..., expires: ...}}`.
    mutating func subjectGrants(
        _ node: YAMLNode, _ what: String, defaultExpires: (Date, SourceLocation)?, makeSubject: (String) -> Subject
    ) -> [SubjectGrant] {
        guard let entries = reader.entries(node, what) else { return [] }
        var grants: [SubjectGrant] = []
        for entry in entries {
            let subject = makeSubject(entry.key)
            if let problem = NameRules.problem(with: entry.key, maxLength: subject.kind == "group" ? 64 : 32) {
                reader.error(
                    entry.keyLocation, "\(subject.kind) name `\(entry.key)` \(problem)",
                    hint: "use the name the server knows")
                continue
            }
            var role: Role?
            var roleLocation = entry.value.location
            var expires = defaultExpires
            if case .mapping = entry.value.content {
                guard
                    let long = reader.fields(
                        entry.value, "grant to `\(entry.key)`", known: ["role", "expires"], required: ["role"])
                else { continue }
                if let node = long["role"] {
                    role = reader.choice(node, "role", as: Role.self)
                    roleLocation = node.location
                }
                if let node = long["expires"] {
                    guard let date = reader.timestamp(node, "expires") else { continue }
                    expires = (date, node.location)
                }
            } else {
                role = reader.choice(entry.value, "role", as: Role.self)
            }
            guard let role else { continue }
            grants.append(
                SubjectGrant(
                    subject: subject, role: role, expires: expires?.0, location: entry.keyLocation,
                    roleLocation: roleLocation, expiresLocation: expires?.1))
        }
        return grants
    }

    // MARK: Grant

    private mutating func decodeGrant(_ root: YAMLNode, at location: SourceLocation) {
        guard
            let fields = reader.fields(
                root, "Grant", known: ["apiVersion", "kind", "metadata", "spec"], required: ["metadata", "spec"]),
            let metadataNode = fields["metadata"], let specNode = fields["spec"]
        else { return }
        let metadata = reader.fields(metadataNode, "Grant metadata", known: ["name", "labels"], required: ["name"])
        let nameNode = metadata?["name"]
        let name = nameNode.flatMap { reader.name($0, "Grant name", maxLength: 63) }
        guard
            let spec = reader.fields(
                specNode, "Grant spec",
                known: ["workspaces", "template", "join", "members", "users", "groups", "expires", "request"])
        else { return }
        let targets = ["workspaces", "template", "join"].filter { spec[$0] != nil }
        guard targets.count == 1 else {
            reader.error(
                specNode.location,
                targets.isEmpty ? "the Grant names no target" : "the Grant names more than one target",
                hint: "write one of `workspaces:`, `template:` (template access) or `join:` (a group membership)")
            return
        }
        if spec["workspaces"] == nil {
            decodeRequestedGrant(spec, specNode: specNode, root: root, name: name)
            return
        }

        var expires: (Date, SourceLocation)?
        if let node = spec["expires"] {
            guard let date = reader.timestamp(node, "expires") else { return }
            expires = (date, node.location)
        }
        var grants: [SubjectGrant] = []
        if let node = spec["users"] {
            grants += subjectGrants(node, "users", defaultExpires: expires, makeSubject: Subject.user)
        }
        if let node = spec["groups"] {
            grants += subjectGrants(node, "groups", defaultExpires: expires, makeSubject: Subject.group)
        }
        if spec["users"] == nil && spec["groups"] == nil {
            reader.error(specNode.location, "the Grant gives nothing to anyone", hint: "add `users:` or `groups:`")
        }

        guard let workspacesNode = spec["workspaces"], let workspaces = grantSelection(workspacesNode) else { return }
        let request = spec["request"].flatMap { accessRequest($0) }
        guard let name, let nameNode else { return }
        var grant = Grant(
            name: name, workspaces: workspaces, workspacesLocation: workspacesNode.location, grants: grants,
            location: root.location, nameLocation: nameNode.location)
        grant.request = request
        state.grants.append(grant)
    }

    /// `request: {by: maria, reason: INC-4711, for: 8h, at: 2026-12-06T09:00:00Z}`.
    mutating func accessRequest(_ node: YAMLNode) -> AccessRequest? {
        guard
            let fields = reader.fields(
                node, "Grant request", known: ["by", "reason", "for", "at"], required: ["by", "reason", "for", "at"]),
            let by = fields["by"].flatMap({ reader.string($0, "request by") }),
            let reason = fields["reason"].flatMap({ reader.string($0, "request reason") }),
            let duration = fields["for"].flatMap({ reader.loose($0, "request for") }),
            let at = fields["at"].flatMap({ reader.timestamp($0, "request at") })
        else { return nil }
        return AccessRequest(requester: by, reason: reason, duration: duration, requestedAt: at)
    }

    /// A Grant's `workspaces:`: a label selector, or workspaces by name.
    private mutating func grantSelection(_ workspacesNode: YAMLNode) -> Grant.Selection? {
        guard let selection = reader.fields(workspacesNode, "Grant workspaces", known: ["selector", "names"]) else {
            return nil
        }
        switch (selection["selector"], selection["names"]) {
        case (let selectorNode?, nil):
            let labels = reader.labels(selectorNode, "selector")
            if labels.isEmpty {
                reader.error(
                    selectorNode.location, "an empty selector would select every workspace",
                    hint: "name at least one label, or use `names:`")
                return nil
            }
            return .selector(labels)
        case (nil, let namesNode?):
            guard let items = reader.list(namesNode, "names") else { return nil }
            var names: [(id: WorkspaceID, location: SourceLocation)] = []
            for item in items {
                guard let text = reader.string(item, "workspace name") else { continue }
                guard let id = WorkspaceID(text) else {
                    reader.error(
                        item.location, "`\(text)` is not `owner/name`",
                        hint: "name workspaces as owner/name, e.g. alice/backend")
                    continue
                }
                names.append((id, item.location))
            }
            return .names(names)
        case (_?, _?):
            reader.error(
                workspacesNode.location, "Grant workspaces has both `selector` and `names`",
                hint: "use one; write two Grants for both")
            return nil
        case (nil, nil):
            reader.error(
                workspacesNode.location, "Grant workspaces chooses nothing",
                hint: "add `selector: {label: value}` or `names: [owner/name]`")
            return nil
        }
    }

    // MARK: FactoryTemplate

    private mutating func decodeFactoryTemplate(_ root: YAMLNode, at location: SourceLocation) {
        guard
            let fields = reader.fields(
                root, "FactoryTemplate", known: ["apiVersion", "kind", "metadata", "spec"],
                required: ["metadata", "spec"]),
            let metadataNode = fields["metadata"], let specNode = fields["spec"]
        else { return }
        let metadata = reader.fields(
            metadataNode, "FactoryTemplate metadata", known: ["name", "labels"], required: ["name"])
        let nameNode = metadata?["name"]
        let name = nameNode.flatMap { reader.name($0, "FactoryTemplate name", maxLength: 63) }
        guard case .mapping(let specEntries) = specNode.content else {
            reader.error(specNode.location, "FactoryTemplate spec must be a mapping, not \(specNode.kindDescription)")
            return
        }
        guard let dialectNode = specEntries.first(where: { $0.key == "dialect" })?.value else {
            reader.error(
                specNode.location, "missing field `dialect` in FactoryTemplate spec",
                hint:
                    "add `dialect:` with one of "
                    + "\(FactoryTemplate.Dialect.allCases.map(\.rawValue).joined(separator: ", "))"
            )
            return
        }
        guard let dialect = reader.choice(dialectNode, "dialect", as: FactoryTemplate.Dialect.self),
            let spec = reader.fields(
                specNode, "\(dialect.rawValue) FactoryTemplate spec",
                known: ["dialect", "description", "inputs"] + dialect.fields)
        else { return }

        let description = spec["description"].flatMap { reader.string($0, "description") }
        var inputs: [FactoryTemplate.Input] = []
        if let node = spec["inputs"], let entries = reader.entries(node, "inputs") {
            for entry in entries {
                inputs.append(input(entry))
            }
        }
        let dialectFields = spec.entries.filter { !["dialect", "description", "inputs"].contains($0.key) }
        let declared = Set(inputs.map(\.name))
        for entry in dialectFields {
            checkPlaceholders(entry.value, declared: declared, inputs: inputs)
        }
        guard let name, let nameNode else { return }
        state.factoryTemplates.append(
            FactoryTemplate(
                name: name, description: description, dialect: dialect, inputs: inputs, fields: dialectFields,
                location: root.location, nameLocation: nameNode.location))
    }

    private mutating func input(_ entry: YAMLEntry) -> FactoryTemplate.Input {
        var input = FactoryTemplate.Input(name: entry.key, location: entry.keyLocation)
        if let problem = Placeholder.nameProblem(entry.key) {
            reader.error(entry.keyLocation, "input name `\(entry.key)` \(problem)")
        }
        if case .scalar(let scalar) = entry.value.content, scalar.resolved == .null { return input }
        guard
            let fields = reader.fields(
                entry.value, "input `\(entry.key)`", known: ["required", "default", "pattern", "description"])
        else { return input }
        if let node = fields["required"], let value = reader.bool(node, "required") { input.required = value }
        if let node = fields["default"] { input.defaultValue = reader.loose(node, "default") }
        if let node = fields["description"] { input.description = reader.string(node, "description") }
        if let node = fields["pattern"], let pattern = reader.string(node, "pattern") {
            do {
                let regex = try Regex(pattern)
                input.pattern = pattern
                if let value = input.defaultValue, (try? regex.wholeMatch(in: value)) == nil {
                    reader.error(
                        fields["default"]?.location ?? node.location,
                        "the default `\(value)` of input `\(entry.key)` does not match its pattern `\(pattern)`",
                        hint: "change the default or the pattern")
                }
            } catch {
                reader.error(node.location, "pattern `\(pattern)` is not a valid regular expression", hint: "\(error)")
            }
        }
        return input
    }

    /// Every `{{name}}` in the strings under `node` must name a declared input.
    private mutating func checkPlaceholders(_ node: YAMLNode, declared: Set<String>, inputs: [FactoryTemplate.Input]) {
        switch node.content {
        case .scalar(let scalar):
            for use in Placeholder.scan(scalar.text) {
                switch use {
                case .malformed(let offset):
                    reader.error(
                        node.location, "unterminated placeholder at character \(offset + 1) of `\(scalar.text)`",
                        hint: "write `{{name}}`")
                case .name(let name):
                    if !declared.contains(name) {
                        let hint = Suggestion.didYouMean(name, in: declared) ?? "declare it under `inputs:`"
                        reader.error(node.location, "unknown placeholder `{{\(name)}}`", hint: hint)
                    } else if let input = inputs.first(where: { $0.name == name }), !input.required,
                        input.defaultValue == nil
                    {
                        reader.error(
                            input.location, "input `\(name)` is used but has no default and is not required",
                            hint: "add `default:` or `required: true`")
                    }
                }
            }
        case .sequence(let items):
            for item in items { checkPlaceholders(item, declared: declared, inputs: inputs) }
        case .mapping(let entries):
            for entry in entries { checkPlaceholders(entry.value, declared: declared, inputs: inputs) }
        }
    }
}
