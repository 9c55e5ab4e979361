import Foundation

/// Where git declares a grant, a link or a workspace: the file and line, the Grant document
/// when one declared it, and the commit that introduced it. Plans, diffs and access reviews all
/// point at their declarations with it.
public struct Declaration: Sendable, Codable, Hashable {
    public var file: String
    public var line: Int
    public var column: Int
    /// The Grant document's name, when a Grant (not the Workspace document) declared it.
    public var grant: String?
    /// The commit that introduced the declaration (`nil` when history was not read, e.g.
    /// for the working tree).
    public var commit: CommitInfo?
    /// What the declaration grants, for tracing it through history (not serialized).
    public var key: ProvenanceKey?
    /// For a Grant `atrium request` wrote: who asked, why, for how long.
    public var request: AccessRequest?

    enum CodingKeys: String, CodingKey {
        case file, line, column, grant, commit, request
    }

    public init(_ location: SourceLocation, grant: String? = nil, key: ProvenanceKey? = nil) {
        file = location.file
        line = location.line
        column = location.column
        self.grant = grant
        self.key = key
    }

    public var description: String {
        let place = "\(file):\(line)"
        let declared = grant.map { "\(place) (Grant \($0))" } ?? place
        return request.map { "\(declared), \($0.description)" } ?? declared
    }

    /// `file:line (Grant NAME), added in 3f2a9c1d4e5b by alice 2026-10-02 "..."`.
    public var provenance: String {
        guard let commit else { return description }
        return "\(description), added in \(commit.summary)"
    }
}
