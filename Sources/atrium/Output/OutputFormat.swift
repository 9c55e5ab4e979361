import ArgumentParser
import AtriumCore

/// How a command writes its results.
enum OutputFormat: String, ExpressibleByArgument, CaseIterable {
    case text
    case json
    /// GitHub Actions workflow commands (`::error file=...::`), for annotations on pull requests.
    case github
}

/// `show` and `list`: a table for people, JSON for tools.
enum ListingFormat: String, ExpressibleByArgument, CaseIterable {
    case text, json
}
