import Foundation

/// `{{name}}` placeholders in FactoryTemplate strings.
public enum Placeholder: Equatable, Sendable {
    case name(String)
    /// A `{{` without its `}}`, at this character offset.
    case malformed(Int)

    /// The placeholders in `text`, in order. Spaces inside the braces are ignored.
    public static func scan(_ text: String) -> [Placeholder] {
        tokens(in: Array(text)).map(\.placeholder)
    }

    /// `text` with every well-formed placeholder replaced by its value (empty when it has none),
    /// whatever the spacing inside its braces: exactly the placeholders `scan` finds.
    public static func substitute(_ text: String, _ values: [String: String]) -> String {
        guard text.contains("{{") else { return text }
        let characters = Array(text)
        var result = ""
        var index = 0
        for token in tokens(in: characters) {
            guard case .name(let name) = token.placeholder else { continue }
            result += String(characters[index..<token.range.lowerBound]) + (values[name] ?? "")
            index = token.range.upperBound
        }
        return result + String(characters[index...])
    }

    /// Each `{{...}}` with the characters it spans (a malformed one spans its `{{` alone).
    private static func tokens(in characters: [Character]) -> [(placeholder: Placeholder, range: Range<Int>)] {
        var result: [(placeholder: Placeholder, range: Range<Int>)] = []
        var index = 0
        while index + 1 < characters.count {
            guard characters[index] == "{", characters[index + 1] == "{" else {
                index += 1
                continue
            }
            var end = index + 2
            while end + 1 < characters.count, !(characters[end] == "}" && characters[end + 1] == "}") { end += 1 }
            guard end + 1 < characters.count else {
                result.append((.malformed(index), index..<(index + 2)))
                return result
            }
            let name = String(characters[(index + 2)..<end]).trimmingCharacters(in: .whitespaces)
            result.append((nameProblem(name) == nil ? .name(name) : .malformed(index), index..<(end + 2)))
            index = end + 2
        }
        return result
    }

    /// Input names: letters, digits, `_` and `-`.
    public static func nameProblem(_ name: String) -> String? {
        if name.isEmpty { return "is empty" }
        let ok = name.unicodeScalars.allSatisfy {
            $0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0) || $0 == "_" || $0 == "-")
        }
        return ok ? nil : "may contain only letters, digits, `_` and `-`"
    }
}
