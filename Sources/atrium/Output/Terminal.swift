import AtriumCore
import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// Writing to the terminal by the conventions: results on stdout, logs and findings on stderr,
/// colour only on a TTY and never when `NO_COLOR` is set.
enum Terminal {
    static func useColor(on descriptor: Int32) -> Bool {
        if let noColor = ProcessInfo.processInfo.environment["NO_COLOR"], !noColor.isEmpty { return false }
        if ProcessInfo.processInfo.environment["TERM"] == "dumb" { return false }
        return isatty(descriptor) == 1
    }

    /// Writes `text` and a newline from the string's own bytes (a large plan is not copied twice).
    /// A reader that has gone (`atrium export | head -1`) ends the output quietly: the command
    /// goes on and exits as its work went, so that an apply's result is never hidden. Any other
    /// failure to write (a full disk) is one line on stderr and exit 1.
    static func standardOutput(_ text: String, annotations: Bool = false) {
        ErrorReport.noteResult()
        var text = TerminalText.output(text, annotations: annotations) + "\n"
        text.withUTF8 { bytes in
            switch OutputStream.standardOutput.write(bytes) {
            case .written, .readerGone: break
            case .failed(let code):
                standardError("error: cannot write the output: \(String(cString: strerror(code)).lowercased())")
                exit(1)
            }
        }
    }

    /// Writes `text` and a newline to stderr; a stderr that cannot be written is left alone.
    static func standardError(_ text: String) {
        ErrorReport.noteStandardError(text)
        OutputStream.standardError.write(TerminalText.output(text) + "\n")
    }

    /// Writes `text` as it is (a prompt, a progress line) to stderr.
    static func standardErrorRaw(_ text: String) {
        OutputStream.standardError.write(TerminalText.output(text))
    }

    /// The process's peak resident memory, in bytes.
    static func peakMemory() -> Int {
        var usage = rusage()
        #if os(Linux)
            getrusage(__rusage_who_t(RUSAGE_SELF.rawValue), &usage)
        #else
            getrusage(RUSAGE_SELF, &usage)
        #endif
        return Int(usage.ru_maxrss) * 1024
    }
}
