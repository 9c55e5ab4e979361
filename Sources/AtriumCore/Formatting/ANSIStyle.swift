/// Terminal styles for the text formatters. Whether to use them is the caller's decision (the
/// CLI's: a TTY and no `NO_COLOR`); a formatter only applies what it is told.
public enum ANSIStyle: String, Sendable {
    case red = "\u{1B}[31m"
    case boldRed = "\u{1B}[1;31m"
    case yellow = "\u{1B}[33m"
    case boldYellow = "\u{1B}[1;33m"
    case green = "\u{1B}[32m"
    case bold = "\u{1B}[1m"
    case dim = "\u{1B}[2m"

    /// `text` in this style when `enabled`, as it is otherwise.
    public func paint(_ text: String, enabled: Bool) -> String {
        enabled ? rawValue + text + "\u{1B}[0m" : text
    }

    /// The style of a change marked `+` (added), `-` (removed) or `~` (changed).
    public static func change(_ symbol: String) -> ANSIStyle {
        switch symbol {
        case "+": .green
        case "-": .red
        default: .yellow
        }
    }
}
