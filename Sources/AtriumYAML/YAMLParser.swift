package import AtriumCore
internal import CLibYAML

/// A strict YAML reader over libyaml's event parser.
///
/// It builds a ``YAMLNode`` tree in which every value knows its `file:line:column`, and refuses,
/// with the location, everything Atrium's desired state has no use for and that can hurt:
/// anchors and aliases (entity-expansion bombs), tags outside YAML 1.2's core schema, input that
/// is not UTF-8, duplicate mapping keys, non-scalar keys and nesting deeper than ``maxDepth``.
///
/// The parser owns libyaml's `yaml_parser_t` and frees it in `deinit`, as Yams does.
package final class YAMLParser {
    /// The deepest nesting of sequences and mappings a document may have.
    package static let maxDepth = 64

    private let parser: UnsafeMutablePointer<yaml_parser_t>
    private let input: UnsafeMutableBufferPointer<UInt8>
    private let bytesCount: Int
    private let file: String
    private var diagnostics: [Diagnostic] = []

    /// Parses every document of `bytes`, read from `file` (used in locations).
    ///
    /// - Throws: ``DiagnosticError`` with the first problem found (YAML errors stop the parse).
    package static func parse(_ bytes: [UInt8], file: String) throws(DiagnosticError) -> [YAMLDocument] {
        let parser = YAMLParser(bytes: bytes, file: file)
        let buffer = UnsafeBufferPointer(rebasing: parser.input[..<parser.bytesCount])
        if let offset = UTF8Validation.firstInvalidOffset(in: buffer) {
            let location = UTF8Validation.location(ofOffset: offset, in: buffer, file: file)
            throw DiagnosticError(
                .error(
                    at: location, "the file is not valid UTF-8",
                    hint: "save it as UTF-8 without other encodings or binary content"))
        }
        return try parser.documents()
    }

    private init(bytes: [UInt8], file: String) {
        self.file = file
        bytesCount = bytes.count
        // libyaml reads from a buffer that must outlive the parser; the parser owns a copy.
        input = .allocate(capacity: max(bytes.count, 1))
        _ = input.initialize(from: bytes)
        parser = .allocate(capacity: 1)
        yaml_parser_initialize(parser)
        yaml_parser_set_encoding(parser, YAML_UTF8_ENCODING)
        yaml_parser_set_input_string(parser, input.baseAddress, bytes.count)
    }

    deinit {
        yaml_parser_delete(parser)
        parser.deallocate()
        input.deallocate()
    }

    private func location(_ mark: yaml_mark_t) -> SourceLocation {
        SourceLocation(file: file, line: Int(mark.line) + 1, column: Int(mark.column) + 1)
    }

    /// A collection being built.
    private struct Frame {
        var isMapping: Bool
        var location: SourceLocation
        var items: [YAMLNode] = []
        var entries: [YAMLEntry] = []
        var pendingKey: (String, SourceLocation)?
        /// Keys of large mappings, for the duplicate check; small ones are scanned.
        var keyIndex: [String: SourceLocation]?
    }

    /// What the event loop builds: the documents so far, the open collections, the current root.
    private struct Build {
        var documents: [YAMLDocument] = []
        var stack: [Frame] = []
        var documentStart: SourceLocation
        var root: YAMLNode?
        var nodes = 0
    }

    private func documents() throws(DiagnosticError) -> [YAMLDocument] {
        var build = Build(documentStart: SourceLocation(file: file, line: 1, column: 1))
        var event = yaml_event_t()
        while true {
            guard yaml_parser_parse(parser, &event) == 1 else {
                throw DiagnosticError(syntaxError())
            }
            defer { yaml_event_delete(&event) }
            if event.type == YAML_STREAM_END_EVENT { return build.documents }
            try handle(event, into: &build)
        }
    }

    /// One parser event.
    private func handle(_ event: yaml_event_t, into build: inout Build) throws(DiagnosticError) {
        let at = location(event.start_mark)
        switch event.type {
        case YAML_DOCUMENT_START_EVENT:
            build.documentStart = at
            build.root = nil
        case YAML_DOCUMENT_END_EVENT:
            // A document holding only comments (or a bare `---`) is null: skip it.
            guard let root = build.root else { return }
            if case .scalar(let scalar) = root.content, scalar.resolved == .null { return }
            build.documents.append(YAMLDocument(root: root, location: build.documentStart))
        case YAML_ALIAS_EVENT:
            throw DiagnosticError(
                .error(
                    at: at, "aliases (`*name`) are not allowed",
                    hint:
                        "write the value out in full; anchors and aliases are refused because they allow "
                        + "expansion bombs"
                ))
        case YAML_SCALAR_EVENT:
            try count(at: at, &build)
            try add(scalar(event, at: at), to: &build.stack, root: &build.root)
        case YAML_SEQUENCE_START_EVENT, YAML_MAPPING_START_EVENT:
            try count(at: at, &build)
            try open(event, at: at, stack: &build.stack)
        case YAML_SEQUENCE_END_EVENT, YAML_MAPPING_END_EVENT:
            guard let frame = build.stack.popLast() else { return }
            let node =
                frame.isMapping
                ? YAMLNode(.mapping(frame.entries), at: frame.location)
                : YAMLNode(.sequence(frame.items), at: frame.location)
            try add(node, to: &build.stack, root: &build.root)
        default:
            return
        }
    }

    /// Counts a value against `SourceLimits.nodesPerFile`.
    private func count(at location: SourceLocation, _ build: inout Build) throws(DiagnosticError) {
        build.nodes += 1
        guard build.nodes > SourceLimits.nodesPerFile else { return }
        throw DiagnosticError(
            .error(
                at: location,
                "the file has more than \(SourceLimits.nodesPerFile) YAML values, Atrium's limit for one file",
                hint: "split it into several files"))
    }

    private func scalar(_ event: yaml_event_t, at location: SourceLocation) throws(DiagnosticError) -> YAMLNode {
        let data = event.data.scalar
        try refuseAnchor(data.anchor, at: location)
        let tag = try coreTag(data.tag, at: location)
        let text = Self.string(data.value, count: data.length)
        let style: YAMLScalar.Style
        switch data.style {
        case YAML_PLAIN_SCALAR_STYLE: style = .plain
        case YAML_LITERAL_SCALAR_STYLE, YAML_FOLDED_SCALAR_STYLE: style = .block
        default: style = .quoted
        }
        return YAMLNode(.scalar(YAMLScalar(text: text, style: style, explicitTag: tag)), at: location)
    }

    /// A list or mapping starts: refused beyond the depth limit, or as a key.
    private func open(_ event: yaml_event_t, at location: SourceLocation, stack: inout [Frame]) throws(DiagnosticError)
    {
        let isMapping = event.type == YAML_MAPPING_START_EVENT
        let anchor = isMapping ? event.data.mapping_start.anchor : event.data.sequence_start.anchor
        let tag = isMapping ? event.data.mapping_start.tag : event.data.sequence_start.tag
        try refuseAnchor(anchor, at: location)
        _ = try coreTag(tag, at: location)
        if stack.count >= Self.maxDepth {
            throw DiagnosticError(
                .error(
                    at: location, "the document is nested deeper than \(Self.maxDepth) levels",
                    hint: "flatten the structure; Atrium's documents need only a few levels"))
        }
        if let top = stack.last, top.isMapping, top.pendingKey == nil {
            throw DiagnosticError(
                .error(
                    at: location, "mapping keys must be plain values, not \(isMapping ? "mappings" : "lists")",
                    hint: "use a string as the key"))
        }
        stack.append(Frame(isMapping: isMapping, location: location))
    }

    private func add(_ node: YAMLNode, to stack: inout [Frame], root: inout YAMLNode?) throws(DiagnosticError) {
        guard !stack.isEmpty else {
            root = node
            return
        }
        let top = stack.count - 1
        if !stack[top].isMapping {
            stack[top].items.append(node)
            return
        }
        guard let (key, keyLocation) = stack[top].pendingKey else {
            // This node is a key.
            guard case .scalar(let scalar) = node.content else {
                throw DiagnosticError(
                    .error(at: node.location, "mapping keys must be plain values", hint: "use a string as the key"))
            }
            if let first = Self.firstLocation(of: scalar.text, in: &stack[top], at: node.location) {
                throw DiagnosticError(
                    .error(
                        at: node.location,
                        "duplicate key `\(scalar.text)` (first defined at \(first.line):\(first.column))",
                        hint: "remove one of them; YAML keeps only one and the other would be silently lost"))
            }
            stack[top].pendingKey = (scalar.text, node.location)
            return
        }
        stack[top].entries.append(YAMLEntry(key: key, keyLocation: keyLocation, value: node))
        stack[top].pendingKey = nil
    }

    /// Where `key` already appears in the mapping being built, if it does.
    private static func firstLocation(of key: String, in frame: inout Frame, at location: SourceLocation)
        -> SourceLocation?
    {
        if frame.keyIndex == nil, frame.entries.count < 16 {
            return frame.entries.first(where: { $0.key == key })?.keyLocation
        }
        if frame.keyIndex == nil {
            frame.keyIndex = Dictionary(
                frame.entries.map { ($0.key, $0.keyLocation) }, uniquingKeysWith: { first, _ in first })
        }
        return frame.keyIndex?.updateValue(location, forKey: key)
    }

    private func refuseAnchor(_ anchor: UnsafeMutablePointer<yaml_char_t>?, at location: SourceLocation)
        throws(DiagnosticError)
    {
        guard let anchor else { return }
        let name = String(cString: anchor)
        throw DiagnosticError(
            .error(
                at: location, "anchors (`&\(name)`) are not allowed",
                hint: "write the value out in full; anchors and aliases are refused because they allow expansion bombs")
        )
    }

    private func coreTag(_ tag: UnsafeMutablePointer<yaml_char_t>?, at location: SourceLocation) throws(DiagnosticError)
        -> CoreTag?
    {
        guard let tag else { return nil }
        let text = String(cString: tag)
        if text == "!" { return .str }  // the non-specific tag: a string
        guard let core = CoreTag(fullTag: text) else {
            let shown = text.hasPrefix(CoreTag.prefix) ? "!!" + text.dropFirst(CoreTag.prefix.count) : text
            throw DiagnosticError(
                .error(
                    at: location, "tag `\(shown)` is not allowed",
                    hint:
                        "only YAML's core tags (!!str, !!int, !!float, !!bool, !!null, !!map, !!seq) are "
                        + "accepted; remove the tag"
                ))
        }
        return core
    }

    private func syntaxError() -> Diagnostic {
        let state = parser.pointee
        let problem = state.problem.map { String(cString: $0) } ?? "invalid YAML"
        var message = problem
        if let context = state.context.map({ String(cString: $0) }) {
            let contextMark = location(state.context_mark)
            message += " \(context) at \(contextMark.line):\(contextMark.column)"
        }
        var mark = state.problem_mark
        if state.error == YAML_READER_ERROR {
            // Reader errors carry an offset rather than a line/column.
            let bytes = UnsafeBufferPointer(rebasing: input[..<bytesCount])
            let loc = UTF8Validation.location(ofOffset: Int(state.problem_offset), in: bytes, file: file)
            mark.line = numericCast(loc.line - 1)
            mark.column = numericCast(loc.column - 1)
        }
        return .error(
            at: location(mark), "invalid YAML: \(message)",
            hint: "check the indentation, quoting and the `:` after each key")
    }

    private static func string(_ pointer: UnsafeMutablePointer<yaml_char_t>?, count: Int) -> String {
        guard let pointer, count > 0 else { return "" }
        return String(decoding: UnsafeBufferPointer(start: pointer, count: count), as: UTF8.self)
    }
}
