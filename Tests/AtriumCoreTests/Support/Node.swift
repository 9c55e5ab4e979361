import AtriumCore
import Foundation

/// YAML documents built in Swift, so that AtriumCore's decoder, validator and planner are tested
/// without the YAML parser: `["kind": "Workspace", "spec": ["template": "go-dev"]]`. Keys keep
/// their order; each node gets a made-up location, one line per node in the order written (the
/// column is its depth), so findings still point somewhere predictable.
enum Node: ExpressibleByStringLiteral, ExpressibleByIntegerLiteral, ExpressibleByBooleanLiteral,
    ExpressibleByArrayLiteral, ExpressibleByDictionaryLiteral
{
    case scalar(String, YAMLScalar.Style)
    case list([Node])
    case map([(String, Node)])

    init(stringLiteral value: String) { self = .scalar(value, .plain) }
    init(integerLiteral value: Int) { self = .scalar(String(value), .plain) }
    init(booleanLiteral value: Bool) { self = .scalar(value ? "true" : "false", .plain) }
    init(arrayLiteral elements: Node...) { self = .list(elements) }
    init(dictionaryLiteral elements: (String, Node)...) { self = .map(elements) }

    /// Text written in quotes: a string whatever it looks like.
    static func quoted(_ text: String) -> Node { .scalar(text, .quoted) }

    /// The node as the parser would give it, located in `file`.
    func yaml(file: String) -> YAMLNode {
        var line = 0
        return build(file: file, line: &line, depth: 0)
    }

    private func build(file: String, line: inout Int, depth: Int) -> YAMLNode {
        line += 1
        let location = SourceLocation(file: file, line: line, column: depth * 2 + 1)
        switch self {
        case .scalar(let text, let style):
            return YAMLNode(.scalar(YAMLScalar(text: text, style: style)), at: location)
        case .list(let items):
            return YAMLNode(.sequence(items.map { $0.build(file: file, line: &line, depth: depth + 1) }), at: location)
        case .map(let entries):
            let built = entries.map { key, value in
                let keyLocation = SourceLocation(file: file, line: line + 1, column: depth * 2 + 1)
                return YAMLEntry(
                    key: key, keyLocation: keyLocation, value: value.build(file: file, line: &line, depth: depth + 1))
            }
            return YAMLNode(.mapping(built), at: location)
        }
    }
}

/// Builders for the documents tests use most.
enum Documents {
    static func workspace(_ name: String, owner: String = "alice", template: String = "go-dev", spec: Node = [:])
        -> Node
    {
        var fields: [(String, Node)] = [("template", .scalar(template, .plain))]
        if case .map(let extra) = spec { fields += extra }
        return [
            "apiVersion": "atrium/v1", "kind": "Workspace",
            "metadata": ["name": .scalar(name, .plain), "owner": .scalar(owner, .plain)],
            "spec": .map(fields),
        ]
    }

    static func grant(_ name: String, workspaces: Node, spec: Node) -> Node {
        var fields: [(String, Node)] = [("workspaces", workspaces)]
        if case .map(let extra) = spec { fields += extra }
        return [
            "apiVersion": "atrium/v1", "kind": "Grant", "metadata": ["name": .scalar(name, .plain)],
            "spec": .map(fields),
        ]
    }

    static func config(_ fields: Node) -> Node {
        guard case .map(let extra) = fields else { return ["apiVersion": "atrium/v1", "kind": "Config"] }
        return .map([("apiVersion", "atrium/v1"), ("kind", "Config")] + extra)
    }

    /// Decodes and validates documents, by file, as the loader does after parsing.
    static func load(_ files: [String: Node], now: Date) -> LoadResult {
        var decoder = DocumentDecoder()
        for (file, node) in files.sorted(by: { $0.key < $1.key }) {
            let root = node.yaml(file: file)
            decoder.decode(YAMLDocument(root: root, location: root.location))
        }
        decoder.resolveRequests()
        let diagnostics = decoder.diagnostics + Validator(state: decoder.state, now: now).validate()
        return LoadResult(
            commit: "c0ffee", isWorktree: false, state: decoder.state, diagnostics: diagnostics.sorted(),
            fileCount: files.count, byteCount: 0, documentCount: files.count)
    }
}
