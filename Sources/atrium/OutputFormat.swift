import ArgumentParser
import AtriumCore

/// How a command writes its results.
enum OutputFormat: String, ExpressibleByArgument, CaseIterable {
    case text
    case json
    /// GitHub Actions workflow commands (`::error file=...::`), for annotations on pull requests.
    case github
}
