import Foundation

/// `{{name}}` placeholders in FactoryTemplate strings.
public enum Placeholder: Equatable, Sendable {
    case name(String)
    /// A `{{` without its `}}`, at this character offset.
    case malformed(Int)

    /// The placeholders in `text`, in order. Spaces inside the braces are ignored.
    public static func scan(_ text: String) -> [Placeholder] {
        guard text.contains("{{") else { return [] }
        var result: [Placeholder] = []
        let characters = Array(text)
        var index = 0
        while index + 1 < characters.count {
            guard characters[index] == "{", characters[index + 1] == "{" else {
                index += 1
                continue
            }
            var end = index + 2
            while end + 1 < characters.count, !(characters[end] == "}" && characters[end + 1] == "}") { end += 1 }
            guard end + 1 < characters.count else {
                result.append(.malformed(index))
                return result
            }
            let name = String(characters[(index + 2)..<end]).trimmingCharacters(in: .whitespaces)
            result.append(nameProblem(name) == nil ? .name(name) : .malformed(index))
            index = end + 2
        }
        return result
    }

    /// Input names: letters, digits, `_` and `-`.
    public static func nameProblem(_ name: String) -> String? {
        if name.isEmpty { return "is empty" }
        let ok = name.unicodeScalars.allSatisfy { $0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0) || $0 == "_" || $0 == "-") }
        return ok ? nil : "may contain only letters, digits, `_` and `-`"
    }
}
