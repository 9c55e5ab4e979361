/// Go-style durations as Flux and Argo CD take them: `1m`, `30s`, `1m30s`, `2h`, `500ms`; and
/// days and weeks for how long access lasts: `30d`, `2w`, `1d12h`.
public enum IntervalText {
    public static func parse(_ text: String) -> Duration? {
        var total = Duration.zero
        var rest = Substring(text)
        guard !rest.isEmpty else { return nil }
        while !rest.isEmpty {
            let digits = rest.prefix(while: \.isNumber)
            guard let value = Int(digits) else { return nil }
            rest = rest.dropFirst(digits.count)
            let unit = rest.prefix(while: \.isLetter)
            rest = rest.dropFirst(unit.count)
            let seconds: Int
            switch unit {
            case "ms":
                total += .milliseconds(value)
                continue
            case "s": seconds = 1
            case "m": seconds = 60
            case "h": seconds = 3600
            case "d": seconds = 86_400
            case "w": seconds = 7 * 86_400
            default: return nil
            }
            // Beyond a century is no duration anyone means; it would overflow besides.
            guard value <= Self.largest / seconds else { return nil }
            total += .seconds(value * seconds)
        }
        return total
    }

    /// The largest number of seconds read: about a hundred years.
    static let largest = 100 * 365 * 86_400
}
