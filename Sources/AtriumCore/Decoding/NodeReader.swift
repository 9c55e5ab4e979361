import Foundation

/// Typed reading of YAML nodes that records every problem, with its location, instead of
/// stopping at the first: `atrium validate` reports all problems in one run.
package struct NodeReader {
    package var diagnostics: [Diagnostic] = []
    /// Caps the findings kept per kind and file (a file of 500,000 wrong items is not 500,000 findings held).
    package var limit = DiagnosticLimit()

    package init() {}

    /// A mapping's entries after its keys were checked against the known field names.
    package struct Fields {
        let node: YAMLNode
        let entries: [YAMLEntry]

        package subscript(key: String) -> YAMLNode? {
            entries.first(where: { $0.key == key })?.value
        }

        func entry(_ key: String) -> YAMLEntry? {
            entries.first(where: { $0.key == key })
        }
    }

    package mutating func error(_ location: SourceLocation, _ message: String, hint: String? = nil) {
        let diagnostic = Diagnostic.error(at: location, message, hint: hint)
        if limit.admit(diagnostic) { diagnostics.append(diagnostic) }
    }

    /// Reads a mapping whose keys must all be in `known`, reporting unknown and missing fields.
    package mutating func fields(
        _ node: YAMLNode, _ what: @autoclosure () -> String, known: [String], required: [String] = [],
        hints: [String: String] = [:]
    ) -> Fields? {
        guard case .mapping(let entries) = node.content else {
            error(
                node.location, "\(what()) must be a mapping, not \(node.kindDescription)",
                hint: "write `key: value` pairs under it")
            return nil
        }
        for entry in entries where !known.contains(entry.key) {
            let hint =
                hints[entry.key]
                ?? Suggestion.didYouMean(entry.key, in: known)
                ?? "\(what()) accepts: \(known.joined(separator: ", "))"
            error(entry.keyLocation, "unknown field `\(entry.key)` in \(what())", hint: hint)
        }
        for key in required where !entries.contains(where: { $0.key == key }) {
            error(node.location, "missing field `\(key)` in \(what())", hint: "add `\(key):`")
        }
        return Fields(node: node, entries: entries)
    }

    /// A scalar as text. Numbers are accepted as their written text; null, booleans and
    /// collections are refused (quote them to mean text).
    package mutating func string(_ node: YAMLNode, _ what: @autoclosure () -> String) -> String? {
        guard case .scalar(let scalar) = node.content else {
            error(node.location, "\(what()) must be a string, not \(node.kindDescription)")
            return nil
        }
        switch scalar.resolved {
        case .string, .int, .float:
            return scalar.text
        case .null:
            error(node.location, "\(what()) must be a string, not null", hint: "give it a value")
        case .bool:
            error(node.location, "\(what()) must be a string, not a boolean", hint: "quote it: \"\(scalar.text)\"")
        }
        return nil
    }

    /// Text used as a parameter value: booleans and numbers become their written text.
    package mutating func loose(_ node: YAMLNode, _ what: @autoclosure () -> String) -> String? {
        if case .scalar(let scalar) = node.content, case .bool = scalar.resolved { return scalar.text }
        return string(node, what())
    }

    package mutating func bool(_ node: YAMLNode, _ what: String) -> Bool? {
        if case .scalar(let scalar) = node.content, case .bool(let value) = scalar.resolved { return value }
        error(node.location, "\(what) must be true or false, not \(node.kindDescription)")
        return nil
    }

    package mutating func int(_ node: YAMLNode, _ what: String) -> Int? {
        if case .scalar(let scalar) = node.content, case .int(let value) = scalar.resolved { return value }
        error(node.location, "\(what) must be an integer, not \(node.kindDescription)")
        return nil
    }

    /// A name checked against Coder's rules.
    package mutating func name(
        _ node: YAMLNode, _ what: @autoclosure () -> String, maxLength: Int = 32, workspace: Bool = false
    ) -> String? {
        guard let text = string(node, what()) else { return nil }
        if let problem = workspace
            ? NameRules.workspaceNameProblem(text) : NameRules.problem(with: text, maxLength: maxLength)
        {
            error(
                node.location, "\(what()) `\(text)` \(problem)",
                hint: "use letters, digits and single hyphens, at most \(maxLength) characters")
            return nil
        }
        return text
    }

    /// One of an enumeration's raw values.
    package mutating func choice<T: RawRepresentable & CaseIterable>(
        _ node: YAMLNode, _ what: @autoclosure () -> String, as type: T.Type
    ) -> T?
    where T.RawValue == String {
        guard let text = string(node, what()) else { return nil }
        if let value = T(rawValue: text) { return value }
        let allowed = T.allCases.map(\.rawValue)
        let hint = Suggestion.didYouMean(text, in: allowed) ?? "use one of: \(allowed.joined(separator: ", "))"
        error(node.location, "unknown \(what()) `\(text)`", hint: hint)
        return nil
    }

    mutating func timestamp(_ node: YAMLNode, _ what: @autoclosure () -> String) -> Date? {
        guard let text = string(node, what()) else { return nil }
        if let date = Timestamp.parse(text) { return date }
        error(
            node.location, "\(what()) `\(text)` is not a timestamp",
            hint: "write RFC 3339 with a zone, e.g. 2026-12-31T18:00:00Z, or a date, e.g. 2026-12-31")
        return nil
    }

    /// A list; a missing or null value is an empty list.
    package mutating func list(_ node: YAMLNode, _ what: String) -> [YAMLNode]? {
        switch node.content {
        case .sequence(let items): return items
        case .scalar(let scalar) where scalar.resolved == .null: return []
        default:
            error(
                node.location, "\(what) must be a list, not \(node.kindDescription)",
                hint: "write `[a, b]` or one `- item` per line")
            return nil
        }
    }

    /// A mapping's entries without a fixed set of keys; null is an empty mapping.
    package mutating func entries(_ node: YAMLNode, _ what: String) -> [YAMLEntry]? {
        switch node.content {
        case .mapping(let entries): return entries
        case .scalar(let scalar) where scalar.resolved == .null: return []
        default:
            error(
                node.location, "\(what) must be a mapping, not \(node.kindDescription)",
                hint: "write `key: value` pairs")
            return nil
        }
    }

    /// A list of strings.
    package mutating func strings(_ node: YAMLNode, _ what: String) -> [String]? {
        guard let items = list(node, what) else { return nil }
        var result: [String] = []
        for item in items {
            if let text = string(item, "each entry of \(what)") { result.append(text) }
        }
        return result
    }

    /// Labels: a map of short strings.
    mutating func labels(_ node: YAMLNode, _ what: String) -> [String: String] {
        guard let entries = entries(node, what) else { return [:] }
        var labels: [String: String] = [:]
        for entry in entries {
            if let problem = NameRules.labelProblem(entry.key, isKey: true) {
                error(entry.keyLocation, "label key `\(entry.key)` \(problem)")
                continue
            }
            guard let value = loose(entry.value, "label `\(entry.key)`") else { continue }
            if let problem = NameRules.labelProblem(value, isKey: false) {
                error(entry.value.location, "label value `\(value)` \(problem)")
                continue
            }
            labels[entry.key] = value
        }
        return labels
    }
}
