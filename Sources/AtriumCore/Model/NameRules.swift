/// Coder's naming rules, checked before anything reaches a server.
public enum NameRules {
    /// Coder's `NameValid`: letters, digits and single hyphens between them, at most `maxLength`.
    public static func problem(with name: String, maxLength: Int = 32) -> String? {
        if name.isEmpty { return "is empty" }
        if name.count > maxLength { return "is longer than \(maxLength) characters" }
        var previousWasHyphen = true  // a leading hyphen is as wrong as a double one
        for byte in name.utf8 {
            let isAlphanumeric =
                (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte)
                || (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte)
                || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte)
            if isAlphanumeric {
                previousWasHyphen = false
            } else if byte == UInt8(ascii: "-") {
                if previousWasHyphen { return "may not start with a hyphen or have two in a row" }
                previousWasHyphen = true
            } else {
                return "may contain only letters, digits and hyphens"
            }
        }
        if previousWasHyphen { return "may not end with a hyphen" }
        return nil
    }

    /// Workspace names: Coder's rules, and not `new` or `create` (they collide with routes).
    public static func workspaceNameProblem(_ name: String) -> String? {
        if let problem = problem(with: name) { return problem }
        if name.lowercased() == "new" || name.lowercased() == "create" { return "is reserved" }
        return nil
    }

    /// Label keys and values: letters, digits, `-`, `_`, `.` and `/`, at most 63 characters.
    public static func labelProblem(_ text: String, isKey: Bool) -> String? {
        if text.isEmpty { return isKey ? "is empty" : nil }
        if text.count > 63 { return "is longer than 63 characters" }
        for byte in text.utf8 {
            let ok =
                (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte)
                || (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte)
                || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte)
                || byte == UInt8(ascii: "-") || byte == UInt8(ascii: "_") || byte == UInt8(ascii: ".")
                || byte == UInt8(ascii: "/")
            if !ok { return "may contain only letters, digits, `-`, `_`, `.` and `/`" }
        }
        return nil
    }

    /// Environment variable names, for `tokenEnv`.
    public static func environmentVariableProblem(_ name: String) -> String? {
        guard let first = name.utf8.first, !(UInt8(ascii: "0")...UInt8(ascii: "9")).contains(first) else {
            return "must start with a letter or `_`"
        }
        for byte in name.utf8 {
            let ok =
                (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte)
                || (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte)
                || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) || byte == UInt8(ascii: "_")
            if !ok { return "may contain only letters, digits and `_`" }
        }
        return nil
    }
}
