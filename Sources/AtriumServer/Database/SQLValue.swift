/// A value bound to, or read from, an SQL statement. Atrium's schema uses text and integers only,
/// so the two databases store and return the same things.
package enum SQLValue: Sendable, Hashable {
    case text(String)
    case int(Int64)
    case null

    package var text: String? {
        if case .text(let value) = self { return value }
        return nil
    }

    package var int: Int64? {
        if case .int(let value) = self { return value }
        return nil
    }
}

extension SQLValue: ExpressibleByStringLiteral, ExpressibleByIntegerLiteral {
    package init(stringLiteral value: String) { self = .text(value) }
    package init(integerLiteral value: Int64) { self = .int(value) }
    package init(_ value: String?) { self = value.map { .text($0) } ?? .null }
    package init(_ value: Bool) { self = .int(value ? 1 : 0) }
    package init(_ value: Int) { self = .int(Int64(value)) }
}

/// One result row; columns are read by position, in the order the query selects them.
package struct SQLRow: Sendable {
    package var values: [SQLValue]

    package init(_ values: [SQLValue]) { self.values = values }

    package func string(_ index: Int) -> String { values[index].text ?? "" }
    package func optionalString(_ index: Int) -> String? { values[index].text }
    package func int(_ index: Int) -> Int { Int(values[index].int ?? 0) }
    package func bool(_ index: Int) -> Bool { (values[index].int ?? 0) != 0 }
}
