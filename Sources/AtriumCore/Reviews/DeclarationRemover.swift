import Foundation

/// Removes declarations from YAML text by their place, keeping everything else as written: an
/// entry on its own line (`  dev-1: use`, `- dev-1`, `- {port: 8080, level: public}`) goes with
/// the lines indented under it; an entry of a one-line flow collection (`{bob: use, dev-1: use}`,
/// `[maria, dev-1]`) goes with its comma. Anything else is left for a person to edit.
public enum DeclarationRemover {
    /// `text` without the declarations at `places` (line and column, from 1), and the places it
    /// could not remove.
    public static func remove(_ places: [(line: Int, column: Int)], from text: String) -> (
        text: String, left: [(line: Int, column: Int)]
    ) {
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        var left: [(line: Int, column: Int)] = []
        var removedLines = Set<Int>()
        // From the last place up, so that earlier places keep their line and column.
        for place in places.sorted(by: { ($0.line, $0.column) > ($1.line, $1.column) }) {
            let index = place.line - 1
            guard lines.indices.contains(index), !removedLines.contains(index) else {
                left.append(place)
                continue
            }
            if let span = ownLines(lines, index: index, column: place.column) {
                for removed in span { removedLines.insert(removed) }
                lines.removeSubrange(span)
                continue
            }
            if let edited = removingFlowEntry(lines[index], column: place.column) {
                lines[index] = edited
                continue
            }
            left.append(place)
        }
        return (lines.joined(separator: "\n"), left.sorted { ($0.line, $0.column) < ($1.line, $1.column) })
    }

    private static func indent(_ line: String) -> Int { line.prefix(while: { $0 == " " }).count }

    /// The line at `index` and the lines indented under it, when the entry at `column` starts
    /// the line (after spaces, or after `- `).
    private static func ownLines(_ lines: [String], index: Int, column: Int) -> Range<Int>? {
        let line = lines[index]
        let before = line.prefix(max(0, column - 1))
        let head = before.trimmingCharacters(in: .whitespaces)
        // A whole sequence item in flow style (`- {port: 8080, level: public}`) goes as a line.
        let flowItem = head.hasPrefix("- {") && line.trimmingCharacters(in: .whitespaces).hasSuffix("}")
        guard head.isEmpty || head == "-" || flowItem else { return nil }
        let base = indent(line)
        var end = index + 1
        while end < lines.count, !lines[end].trimmingCharacters(in: .whitespaces).isEmpty, indent(lines[end]) > base {
            end += 1
        }
        return index..<end
    }

    /// The line without the flow entry starting at `column` and its comma.
    private static func removingFlowEntry(_ line: String, column: Int) -> String? {
        var characters = Array(line)
        let start = column - 1
        guard characters.indices.contains(start) else { return nil }
        // Only an entry's start: after `{`, `[` or `,` (never a value after `key:`).
        var previous = start
        while previous > 0, characters[previous - 1] == " " { previous -= 1 }
        guard previous > 0, "{[,".contains(characters[previous - 1]) else { return nil }
        var depth = 0
        var quote: Character?
        var end = start
        scan: while end < characters.count {
            let character = characters[end]
            if let open = quote {
                if character == open { quote = nil }
            } else {
                switch character {
                case "\"", "'": quote = character
                case "{", "[": depth += 1
                case "}", "]":
                    if depth == 0 { break scan }
                    depth -= 1
                case "," where depth == 0: break scan
                default: break
                }
            }
            end += 1
        }
        guard end < characters.count else { return nil }
        if characters[end] == "," {
            var after = end + 1
            while after < characters.count, characters[after] == " " { after += 1 }
            characters.removeSubrange(start..<after)
        } else {
            var before = start
            while before > 0, characters[before - 1] == " " { before -= 1 }
            if before > 0, characters[before - 1] == "," { before -= 1 }
            var trailing = end
            while trailing > start, characters[trailing - 1] == " " { trailing -= 1 }
            characters.removeSubrange(before..<trailing)
        }
        return String(characters)
    }
}
