/// A value bound to, or read from, an SQL statement. Atrium's schema uses text and integers only,
/// so the two databases store and return the same things.
public enum SQLValue: Sendable, Hashable {
    case text(String)
    case int(Int64)
    case null

    public var text: String? {
        if case .text(let value) = self { return value }
        return nil
    }

    public var int: Int64? {
        if case .int(let value) = self { return value }
        return nil
    }
}

extension SQLValue: ExpressibleByStringLiteral, ExpressibleByIntegerLiteral {
    public init(stringLiteral value: String) { self = .text(value) }
    public init(integerLiteral value: Int64) { self = .int(value) }
    public init(_ value: String?) { self = value.map { .text($0) } ?? .null }
    public init(_ value: Bool) { self = .int(value ? 1 : 0) }
    public init(_ value: Int) { self = .int(Int64(value)) }
}

/// One result row; columns are read by position, in the order the query selects them.
public struct SQLRow: Sendable {
    public var values: [SQLValue]

    public init(_ values: [SQLValue]) { self.values = values }

    public func string(_ index: Int) -> String { values[index].text ?? "" }
    public func optionalString(_ index: Int) -> String? { values[index].text }
    public func int(_ index: Int) -> Int { Int(values[index].int ?? 0) }
    public func bool(_ index: Int) -> Bool { (values[index].int ?? 0) != 0 }
}
