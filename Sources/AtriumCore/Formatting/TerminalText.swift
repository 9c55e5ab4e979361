/// Text from outside (YAML values, file names, what a server answers) made safe to print: no
/// control character reaches a terminal or a CI log raw (an escape sequence could rewrite the
/// screen, a newline in a file name could forge a GitHub annotation), and no value is echoed at
/// any length.
public enum TerminalText {
    /// The longest value echoed inside a message; longer ones are cut with the count of the rest.
    public static let valueLimit = 120
    /// The longest message or hint.
    public static let messageLimit = 2000

    /// One field (a file name, a value): every control character shown as an escape (`\n`,
    /// `\e`, `\u{7f}`), including newlines and tabs.
    public static func escaped(_ text: String) -> String {
        guard text.unicodeScalars.contains(where: isControl) else { return text }
        var result = ""
        for scalar in text.unicodeScalars {
            guard isControl(scalar) else {
                result.unicodeScalars.append(scalar)
                continue
            }
            result += visible(scalar)
        }
        return result
    }

    /// One value from outside (a server's message, a file name, a YAML value, a commit message)
    /// as every printer and logger shows it: control characters escaped (newlines too), a
    /// leading `::` neutralised (GitHub Actions reads a line starting with it as a command), and
    /// cut at `valueLimit` characters, saying how many more there were.
    public static func outside(_ text: String, limit: Int = valueLimit) -> String {
        neutralised(truncated(escaped(text), limit: limit))
    }

    /// `text` with a leading `::` (after blanks) written `\::`, so no CI runner reads it as a
    /// workflow command.
    public static func neutralised(_ text: String) -> String {
        let start = text.drop { $0 == " " || $0 == "\t" }
        guard start.hasPrefix("::") else { return text }
        return String(text[..<start.startIndex]) + "\\" + start
    }

    /// Whole output: `sanitized`, and, unless `annotations` (`validate --format github`, whose
    /// lines are Atrium's own commands), every line that would start with `::` neutralised.
    public static func output(_ text: String, annotations: Bool = false) -> String {
        let clean = sanitized(text)
        guard !annotations, containsDoubleColon(clean) else { return clean }
        return clean.split(separator: "\n", omittingEmptySubsequences: false).map { neutralised(String($0)) }
            .joined(separator: "\n")
    }

    /// Whether `text` has `::` anywhere, by its bytes (a plan's output runs to megabytes, and a
    /// substring search through `String` walks it character by character).
    static func containsDoubleColon(_ text: String) -> Bool {
        var previous: UInt8 = 0
        for byte in text.utf8 {
            if byte == 0x3A && previous == 0x3A { return true }
            previous = byte
        }
        return false
    }

    /// A message built around values: control characters escaped, backticked values longer than
    /// `valueLimit` cut, the whole at most `messageLimit` characters.
    public static func message(_ text: String) -> String {
        var text = escaped(text)
        if text.utf8.count > valueLimit {
            text = cuttingQuotedValues(text)
        }
        return truncated(text, limit: messageLimit)
    }

    /// `text` cut to `limit` characters, saying how many more there were.
    public static func truncated(_ text: String, limit: Int) -> String {
        guard text.utf8.count > limit, text.count > limit else { return text }
        return "\(text.prefix(limit))… (\(text.count - limit) more characters)"
    }

    /// Whole output for a terminal or a log: newlines, tabs and Atrium's own colour sequences
    /// (`ESC [ digits ; m`) kept, every other control character escaped. Output without control
    /// characters (nearly all) is returned as it is.
    public static func sanitized(_ text: String) -> String {
        let needs = text.utf8.contains { $0 < 0x20 && $0 != 0x0A && $0 != 0x09 || $0 == 0x7F || $0 == 0xC2 }
        guard needs else { return text }
        var result = ""
        var scalars = text.unicodeScalars[...]
        while let scalar = scalars.first {
            scalars = scalars.dropFirst()
            if scalar == "\u{1B}", let length = colourSequenceLength(scalars) {
                result.unicodeScalars.append(scalar)
                result.unicodeScalars.append(contentsOf: scalars.prefix(length))
                scalars = scalars.dropFirst(length)
            } else if isControl(scalar) && scalar != "\n" && scalar != "\t" {
                result += visible(scalar)
            } else {
                result.unicodeScalars.append(scalar)
            }
        }
        return result
    }

    /// C0 controls, DEL, C1 controls and the bidirectional overrides (which reorder what a
    /// reviewer sees).
    static func isControl(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x00...0x1F, 0x7F...0x9F, 0x202A...0x202E, 0x2066...0x2069: return true
        default: return false
        }
    }

    static func visible(_ scalar: Unicode.Scalar) -> String {
        switch scalar {
        case "\n": return "\\n"
        case "\r": return "\\r"
        case "\t": return "\\t"
        case "\u{1B}": return "\\e"
        default: return "\\u{\(String(scalar.value, radix: 16))}"
        }
    }

    /// After an ESC: the length of `[` digits/semicolons `m`, when that is what follows.
    private static func colourSequenceLength(_ rest: Substring.UnicodeScalarView) -> Int? {
        guard rest.first == "[" else { return nil }
        var length = 1
        for scalar in rest.dropFirst() {
            length += 1
            if scalar == "m" { return length }
            guard scalar == ";" || ("0"..."9").contains(scalar), length < 16 else { return nil }
        }
        return nil
    }

    /// Backticked spans longer than `valueLimit` cut to it.
    private static func cuttingQuotedValues(_ text: String) -> String {
        let parts = text.split(separator: "`", omittingEmptySubsequences: false)
        guard parts.count > 2 else { return text }
        return parts.enumerated().map { index, part in
            index % 2 == 1 ? truncated(String(part), limit: valueLimit) : String(part)
        }.joined(separator: "`")
    }
}
