public import Foundation

/// Renders FactoryTemplate documents into links (or, for `che-factory-v4`, factory JSON).
///
/// Input values are substituted into each field, then the whole field is percent-encoded for the
/// exact spot it lands in (path segment, query name or value, fragment), so no input — `&`, `#`,
/// `/`, `?`, `=`, `%`, spaces or non-ASCII text — can change the URL's structure.
public struct FactoryRenderer {
    public struct Link: Sendable, Equatable {
        public var template: String
        public var description: String?
        /// The URL, or for `che-factory-v4` the factory JSON.
        public var text: String

        /// Whether `text` is a URL (not factory JSON).
        public var isURL: Bool { text.hasPrefix("https://") || text.hasPrefix("http://") }
    }

    public let template: FactoryTemplate
    /// The instant Che's `policies.since` and `policies.until` must not be before.
    public let now: Date
    /// The Config's `server.url`: a coder-dialect template without `baseURL` links to it.
    public let serverURL: String?
    /// Whether `serverURL` was given on the command line (`--server`): then it wins over a
    /// coder-dialect template's `baseURL`, as a flag wins over the file everywhere else.
    public let serverURLWins: Bool

    public init(_ template: FactoryTemplate, now: Date, serverURL: String? = nil, serverURLWins: Bool = false) {
        self.template = template
        self.now = now
        self.serverURL = serverURL
        self.serverURLWins = serverURLWins
    }

    /// Renders with `values` (input name → value); every problem is reported with the template's
    /// location.
    public func render(_ values: [String: String]) throws(DiagnosticError) -> Link {
        try render(values, sampleRequired: false)
    }

    /// Renders with the defaults alone, as `atrium validate` does: required inputs without a
    /// value get a sample, so that only problems the defaults cause are reported.
    public func checkDefaults() -> [Diagnostic] {
        do throws(DiagnosticError) {
            _ = try render([:], sampleRequired: true)
            return []
        } catch {
            return error.diagnostics
        }
    }

    func render(_ values: [String: String], sampleRequired: Bool) throws(DiagnosticError) -> Link {
        var diagnostics: [Diagnostic] = []
        var resolved: [String: String] = [:]
        let declared = Set(template.inputs.map(\.name))
        for name in values.keys.sorted() where !declared.contains(name) {
            diagnostics.append(
                .error(
                    at: template.nameLocation, "FactoryTemplate `\(template.name)` has no input `\(name)`",
                    hint: Suggestion.didYouMean(name, in: declared)
                        ?? "its inputs are: \(declared.sorted().joined(separator: ", "))"))
        }
        for input in template.inputs {
            if sampleRequired, input.required, values[input.name] == nil, input.defaultValue == nil {
                resolved[input.name] = "sample"
                continue
            }
            guard let value = values[input.name] ?? input.defaultValue else {
                if input.required {
                    diagnostics.append(
                        .error(
                            at: input.location, "input `\(input.name)` of `\(template.name)` is required",
                            hint: "pass --set \(input.name)=VALUE"))
                }
                continue
            }
            if let pattern = input.pattern, let regex = try? Regex(pattern), (try? regex.wholeMatch(in: value)) == nil {
                diagnostics.append(
                    .error(
                        at: input.location,
                        "`\(value)` does not match the pattern `\(pattern)` of input `\(input.name)`",
                        hint: input.description.map { "expected: \($0)" } ?? "pass a value that matches"))
                continue
            }
            resolved[input.name] = value
        }
        if !diagnostics.isEmpty { throw DiagnosticError(diagnostics) }

        var fields = Fields(
            entries: template.fields, values: resolved, now: now, serverURL: serverURL, serverURLWins: serverURLWins,
            location: template.nameLocation)
        let text: String
        switch template.dialect {
        case .coder: text = fields.coder()
        case .che: text = fields.che()
        case .gitpod: text = fields.gitpod()
        case .cheFactoryV4: text = fields.cheFactoryV4()
        }
        if !fields.problems.isEmpty { throw DiagnosticError(fields.problems) }
        return Link(template: template.name, description: template.description, text: text)
    }

    /// The template's fields with placeholders substituted, and the encoders for each spot.
    struct Fields {
        let entries: [YAMLEntry]
        let values: [String: String]
        let now: Date
        let serverURL: String?
        let serverURLWins: Bool
        /// Where a missing field is reported: the template's name.
        let location: SourceLocation
        var problems: [Diagnostic] = []

        func node(_ key: String) -> YAMLNode? { entries.first { $0.key == key }?.value }

        func substitute(_ text: String) -> String {
            Placeholder.substitute(text, values)
        }

        func string(_ key: String) -> String? {
            guard let node = node(key), case .scalar(let scalar) = node.content else { return nil }
            return substitute(scalar.text)
        }

        func map(_ key: String) -> [(String, String)] {
            guard let node = node(key), case .mapping(let entries) = node.content else { return [] }
            return entries.compactMap { entry in
                guard case .scalar(let scalar) = entry.value.content else { return nil }
                return (substitute(entry.key), substitute(scalar.text))
            }
        }

        func list(_ key: String) -> [String] {
            guard let node = node(key), case .sequence(let items) = node.content else { return [] }
            return items.compactMap { item in
                guard case .scalar(let scalar) = item.content else { return nil }
                return substitute(scalar.text)
            }
        }

        mutating func require(_ key: String) -> String {
            if let value = string(key), !value.isEmpty { return value }
            problems.append(.error(at: location, "the \(key) field is required", hint: "add `\(key):` to the spec"))
            return ""
        }

        mutating func choice(_ key: String, _ allowed: [String]) -> String? {
            guard let value = string(key) else { return nil }
            if !allowed.contains(value) {
                problems.append(
                    .error(
                        at: node(key)?.location, "`\(value)` is not a valid \(key)",
                        hint: "use one of: \(allowed.joined(separator: ", "))"))
                return nil
            }
            return value
        }

        static func base(_ text: String) -> String {
            text.hasSuffix("/") ? String(text.dropLast()) : text
        }

        mutating func coder() -> String {
            let base: String
            let given = string("baseURL").flatMap { $0.isEmpty ? nil : $0 }
            if let serverURL, !serverURL.isEmpty, serverURLWins || given == nil {
                base = Self.base(ServerURL.withoutCredentials(serverURL))
            } else if let given {
                base = Self.base(given)
            } else {
                problems.append(
                    .error(
                        at: location, "the baseURL field is required",
                        hint: "add `baseURL:` to the spec, or set server.url in atrium.yaml"))
                base = ""
            }
            let organization = string("organization") ?? "default"
            let template = require("template")
            var query: [(String, String)] = [("mode", choice("mode", ["form", "auto", "duplicate"]) ?? "form")]
            if let name = string("workspaceName") { query.append(("name", name)) }
            for (name, value) in map("parameters") { query.append(("param.\(name)", value)) }
            if let version = string("version") { query.append(("version", version)) }
            let disabled = list("disableParams")
            if !disabled.isEmpty { query.append(("disable_params", disabled.joined(separator: ","))) }
            if let match = string("match") { query.append(("match", match)) }
            return
                "\(base)/templates/\(URLEncoding.pathSegment(organization))/"
                + "\(URLEncoding.pathSegment(template))/workspace?"
                + URLEncoding.query(query)
        }

        mutating func che() -> String {
            let base = Self.base(require("baseURL"))
            let repository = require("repository")
            var query: [(String, String?)] = []
            if string("new") == "true" { query.append(("new", nil)) }
            if let value = string("devfilePath") { query.append(("devfilePath", value)) }
            if let value = string("editor") { query.append(("che-editor", value)) }
            if let value = string("editorImage") { query.append(("editor-image", value)) }
            if let value = choice("storageType", ["ephemeral", "per-user", "per-workspace"]) {
                query.append(("storageType", value))
            }
            if let value = string("image") { query.append(("image", value)) }
            if let value = string("memoryLimit") { query.append(("memoryLimit", value)) }
            if let value = string("cpuLimit") { query.append(("cpuLimit", value)) }
            if let value = string("existing") { query.append(("existing", value)) }
            if let value = choice("policiesCreate", ["perclick", "peruser"]) {
                query.append(("policies.create", value))
            }
            let remotes = remoteList()
            if !remotes.isEmpty {
                query.append(("remotes", "{" + remotes.map { "{\($0.0),\($0.1)}" }.joined(separator: ",") + "}"))
            }
            for (path, value) in map("overrides") { query.append(("override.\(path)", value)) }
            let parameters = query.map { name, value in
                value.map { "\(URLEncoding.fragmentQuery(name))=\(URLEncoding.fragmentQuery($0))" }
                    ?? URLEncoding.fragmentQuery(name)
            }
            return "\(base)/#\(URLEncoding.fragmentURL(repository))"
                + (parameters.isEmpty ? "" : "?" + parameters.joined(separator: "&"))
        }

        func remoteList() -> [(String, String)] {
            guard let node = node("remotes"), case .sequence(let items) = node.content else { return [] }
            return items.compactMap { item in
                guard case .mapping(let entries) = item.content else { return nil }
                func value(_ key: String) -> String? {
                    guard let entry = entries.first(where: { $0.key == key }),
                        case .scalar(let scalar) = entry.value.content
                    else { return nil }
                    return substitute(scalar.text)
                }
                guard let name = value("name"), let url = value("url") else { return nil }
                return (name, url)
            }
        }

        /// Names Gitpod refuses to set from a URL.
        static func isBlocked(_ name: String) -> Bool {
            name == "PATH" || name.hasPrefix("LD_") || name.hasPrefix("GIT_") || name.hasPrefix("GITPOD_")
                || name.hasSuffix("_PATH") || name.hasSuffix("_HOME")
        }

        mutating func gitpod() -> String {
            let base = Self.base(require("baseURL"))
            let context = require("context")
            var query: [(String, String)] = []
            if let value = string("workspaceClass") { query.append(("workspaceClass", value)) }
            if let value = string("editor") { query.append(("editor", value)) }
            if let value = string("autostart") { query.append(("autostart", value)) }
            var prefix = ""
            if let referrer = string("referrer") {
                prefix += "referrer:\(URLEncoding.fragmentSegment(referrer))"
                if let ide = string("referrerIDE") { prefix += ":\(URLEncoding.fragmentSegment(ide))" }
                prefix += "/"
            }
            let variables = map("env")
            for (name, _) in variables {
                if name.wholeMatch(of: /[A-Za-z0-9_-]+/) == nil {
                    problems.append(
                        .error(
                            at: node("env")?.location, "environment variable name `\(name)` is not allowed",
                            hint: "names match ^[A-Za-z0-9_-]+$"))
                } else if Self.isBlocked(name) {
                    problems.append(
                        .error(
                            at: node("env")?.location, "Gitpod refuses to set `\(name)` from a URL",
                            hint: "PATH, LD_*, GIT_*, GITPOD_*, *_PATH and *_HOME are blocked"))
                }
            }
            if !variables.isEmpty {
                prefix += variables.map { "\($0.0)=\(URLEncoding.fragmentSegment($0.1))" }.joined(separator: ",") + "/"
            }
            let head = query.isEmpty ? "\(base)/" : "\(base)/?" + URLEncoding.query(query)
            return "\(head)#\(prefix)\(URLEncoding.fragmentURL(context))"
        }

        mutating func cheFactoryV4() -> String {
            var factory: [String: JSONValue] = ["v": "4.0"]
            if let name = string("name") { factory["name"] = .string(name) }
            if let workspace = node("workspace") { factory["workspace"] = Self.json(workspace, substitute) }
            if let ide = string("ide") { factory["ide"] = .string(ide) }
            if let policies = node("policies"), case .mapping(let entries) = policies.content {
                var result: [String: JSONValue] = [:]
                var since: Date?
                var until: Date?
                for entry in entries {
                    guard case .scalar(let scalar) = entry.value.content else { continue }
                    let value = substitute(scalar.text)
                    switch entry.key {
                    case "create":
                        if value != "perClick" && value != "perUser" {
                            problems.append(
                                .error(
                                    at: entry.value.location, "`\(value)` is not a valid policies.create",
                                    hint: "use perClick or perUser"))
                        }
                        result["create"] = .string(value)
                    case "since", "until":
                        guard let date = Timestamp.parse(value) else {
                            problems.append(
                                .error(
                                    at: entry.value.location, "policies.\(entry.key) `\(value)` is not a timestamp",
                                    hint: "write RFC 3339, e.g. 2027-01-01T00:00:00Z"))
                            continue
                        }
                        if date < now {
                            problems.append(
                                .error(
                                    at: entry.value.location, "policies.\(entry.key) is in the past",
                                    hint: "move it later"))
                        }
                        if entry.key == "since" { since = date } else { until = date }
                        result[entry.key] = .int(Int(date.timeIntervalSince1970 * 1000))
                    default:
                        result[entry.key] = .string(value)
                    }
                }
                if let since, let until, since >= until {
                    problems.append(
                        .error(at: policies.location, "policies.since must be before policies.until", hint: "swap them")
                    )
                }
                factory["policies"] = .object(result)
            }
            return JSONFormat.text(value: .object(factory))
        }

        static func json(_ node: YAMLNode, _ substitute: (String) -> String) -> JSONValue {
            switch node.content {
            case .scalar(let scalar):
                switch scalar.resolved {
                case .bool(let value): return .bool(value)
                case .int(let value): return .int(value)
                case .float(let value): return .double(value)
                case .null: return .null
                case .string(let text): return .string(substitute(text))
                }
            case .sequence(let items): return .array(items.map { json($0, substitute) })
            case .mapping(let entries):
                return .object(
                    Dictionary(
                        entries.map { ($0.key, json($0.value, substitute)) }, uniquingKeysWith: { first, _ in first }))
            }
        }
    }
}
