/// Text written into YAML that Atrium generates (exports, requests, review campaigns).
public enum YAMLText {
    /// A double-quoted scalar that reads back as exactly `text`, whatever it holds: quotes and
    /// backslashes escaped, control characters as `\uXXXX` (JSON's string syntax, which YAML reads
    /// the same), so no value can change the document's structure.
    public static func quoted(_ text: String) -> String {
        var result = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": result += "\\\""
            case "\\": result += "\\\\"
            case _ where scalar.value < 0x20 || scalar.value == 0x7F:
                let hex = String(scalar.value, radix: 16, uppercase: true)
                result += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: result.unicodeScalars.append(scalar)
            }
        }
        return result + "\""
    }
}
