package import AtriumCore

/// A `--values` file: one mapping of input values, or a list of them (one per person).
package enum FactoryValues {
    package static func parse(_ bytes: [UInt8], file: String) throws(DiagnosticError) -> [[String: String]] {
        let documents = try YAMLParser.parse(bytes, file: file)
        var reader = NodeReader()
        var batch: [[String: String]] = []
        func person(_ node: YAMLNode) -> [String: String] {
            var values: [String: String] = [:]
            for entry in reader.entries(node, "a person's values") ?? [] {
                if let value = reader.loose(entry.value, "value of `\(entry.key)`") { values[entry.key] = value }
            }
            return values
        }
        for document in documents {
            if case .sequence(let items) = document.root.content {
                batch += items.map(person)
            } else {
                batch.append(person(document.root))
            }
        }
        if !reader.diagnostics.isEmpty { throw DiagnosticError(reader.diagnostics) }
        return batch.isEmpty ? [[:]] : batch
    }
}
