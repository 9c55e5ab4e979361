import ArgumentParser
import AtriumCore
import AtriumGit
import AtriumYAML
import Foundation

/// Parses `--now`: the clock when absent.
func parseNow(_ now: String?) throws -> Date {
    guard let now else { return Date() }
    guard let parsed = Timestamp.parse(now) else {
        throw ValidationError("--now `\(now)` is not an RFC 3339 timestamp (e.g. 2026-12-31T18:00:00Z)")
    }
    return parsed
}

/// Loads and validates the desired state; prints findings; exits 2 (unreadable) or 1 (invalid).
func loadDesiredState(_ source: SourceOptions, now: Date) throws -> LoadResult {
    let result: LoadResult
    do {
        result = try DesiredStateLoader.load(source.loaderOptions, now: now)
    } catch {
        Terminal.standardError("error: \(error)")
        throw ExitCode.unreadable
    }
    let printer = DiagnosticPrinter(color: Terminal.useColor(on: 2))
    for diagnostic in result.diagnostics { Terminal.standardError(printer.line(for: diagnostic)) }
    if !result.isValid {
        Terminal.standardError(
            "error: the desired state at \(result.commit.prefix(12)) is invalid "
                + "(\(plural(result.errorCount, "error"))); nothing was read from the server"
        )
        throw ExitCode.error
    }
    return result
}
