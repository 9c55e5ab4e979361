/// At most a few findings of one kind in one file, and a count of the rest: a file of 500,000
/// wrong list items gives five lines and "and 499,995 more", not half a million lines (nor the
/// memory to hold them). The kind of a finding is its message without the values in it (what
/// is between backticks, and numbers).
public struct DiagnosticLimit: Sendable {
    /// Findings shown per kind and file.
    public static let perKind = 5
    /// Findings shown per file, whatever their kinds.
    public static let perFile = 50

    private var shown: [String: Int] = [:]
    private var shownInFile: [String: Int] = [:]
    /// Findings left out, per file: how many, and whether one of them is an error.
    private(set) var omitted: [String: (count: Int, error: Bool)] = [:]

    public init() {}

    /// Whether `diagnostic` is shown; if not, it is counted.
    public mutating func admit(_ diagnostic: Diagnostic) -> Bool {
        let file = diagnostic.location?.file ?? ""
        let key = file + "\u{0}" + Self.kind(of: diagnostic.message)
        let inFile = shownInFile[file, default: 0]
        let ofKind = shown[key, default: 0]
        guard inFile < Self.perFile, ofKind < Self.perKind else {
            let before = omitted[file] ?? (0, false)
            omitted[file] = (before.count + 1, before.error || diagnostic.severity == .error)
            return false
        }
        shownInFile[file] = inFile + 1
        shown[key] = ofKind + 1
        return true
    }

    /// Adds what `other` counted (for files `other` saw and this one did not).
    public mutating func merge(_ other: DiagnosticLimit) {
        for (key, count) in other.shown { shown[key, default: 0] += count }
        for (file, count) in other.shownInFile { shownInFile[file, default: 0] += count }
        for (file, counted) in other.omitted {
            let before = omitted[file] ?? (0, false)
            omitted[file] = (before.count + counted.count, before.error || counted.error)
        }
    }

    /// One finding per file with findings left out: `and 499995 more like these, not shown`.
    public var summaries: [Diagnostic] {
        omitted.keys.sorted().compactMap { file in
            guard let counted = omitted[file] else { return nil }
            let message = "and \(counted.count) more finding\(counted.count == 1 ? "" : "s") in this file, not shown"
            let hint = "at most \(Self.perKind) of one kind are shown per file; fix these and run again"
            return Diagnostic(
                counted.error ? .error : .warning, at: file.isEmpty ? nil : .file(file), message, hint: hint)
        }
    }

    /// `diagnostics` with at most a few of each kind per file, and the summaries of the rest,
    /// counting too what an earlier stage (`earlier`) left out.
    public static func apply(_ diagnostics: [Diagnostic], earlier: DiagnosticLimit = DiagnosticLimit()) -> [Diagnostic]
    {
        var limit = DiagnosticLimit()
        limit.omitted = earlier.omitted
        let kept = diagnostics.filter { limit.admit($0) }
        return kept + limit.summaries
    }

    /// The message without its values: backticked text and digits dropped.
    static func kind(of message: String) -> String {
        var result = ""
        result.reserveCapacity(message.utf8.count)
        var quoted = false
        for character in message {
            if character == "`" {
                quoted.toggle()
                result.append("`")
            } else if !quoted && !character.isNumber {
                result.append(character)
            }
        }
        return result
    }
}
