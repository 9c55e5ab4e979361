/// Where a value came from: a repository-relative path and a 1-based line and column.
///
/// Every node the YAML reader produces carries one, and so does every model value decoded from it,
/// so that any later finding (validation, planning, provenance) can point at the exact spot.
public struct SourceLocation: Sendable, Hashable, Codable, CustomStringConvertible {
    public var file: String
    public var line: Int
    public var column: Int

    public init(file: String, line: Int, column: Int) {
        self.file = file
        self.line = line
        self.column = column
    }

    /// A location that names a whole file rather than a spot in it (line 0).
    public static func file(_ path: String) -> SourceLocation {
        SourceLocation(file: path, line: 0, column: 0)
    }

    /// `path:line:column`, the form compilers and editors understand; just `path` for a whole file.
    /// `path:line:col`, the path with any control character escaped (a file may be named
    /// `x\n::error file=…`).
    public var description: String {
        let file = TerminalText.escaped(file)
        return line > 0 ? "\(file):\(line):\(column)" : file
    }
}

extension SourceLocation: Comparable {
    public static func < (lhs: SourceLocation, rhs: SourceLocation) -> Bool {
        (lhs.file, lhs.line, lhs.column) < (rhs.file, rhs.line, rhs.column)
    }
}
