import Foundation

/// What loading a revision produced: the state, every finding, and what was read.
public struct LoadResult: Sendable {
    public var commit: String
    public var isWorktree: Bool
    public var state: DesiredState
    /// Every problem, sorted by location.
    public var diagnostics: [Diagnostic]
    public var fileCount: Int
    public var byteCount: Int
    public var documentCount: Int

    public var errorCount: Int { diagnostics.count(where: { $0.severity == .error }) }
    public var warningCount: Int { diagnostics.count(where: { $0.severity == .warning }) }
    public var isValid: Bool { errorCount == 0 }
}

/// Reads, parses, decodes and validates the desired state at a revision.
public enum DesiredStateLoader {
    /// Where to read from.
    public struct Options: Sendable {
        public var repository: String
        public var revision: String
        public var prefix: String
        public var worktree: Bool

        public init(repository: String = ".", revision: String = "HEAD", prefix: String = "", worktree: Bool = false) {
            self.repository = repository
            self.revision = revision
            self.prefix = prefix
            self.worktree = worktree
        }
    }

    /// Loads and validates. Throws only when the repository or revision cannot be read at all;
    /// problems with the files are reported in the result's diagnostics.
    public static func load(_ options: Options, now: Date) throws(GitError) -> LoadResult {
        let source = try GitSource(path: options.repository)
        let snapshot = options.worktree
            ? try source.worktreeSnapshot(under: options.prefix)
            : try source.snapshot(at: options.revision, under: options.prefix)
        return load(snapshot, now: now)
    }

    /// Parses, decodes and validates files already read.
    public static func load(_ snapshot: SourceSnapshot, now: Date) -> LoadResult {
        var decoder = DocumentDecoder()
        var parseErrors: [Diagnostic] = []
        var documentCount = 0
        for file in snapshot.files {
            do {
                let documents = try YAMLParser.parse(file.bytes, file: file.path)
                documentCount += documents.count
                for document in documents { decoder.decode(document) }
            } catch {
                parseErrors += error.diagnostics
            }
        }
        var diagnostics = snapshot.refused + parseErrors + decoder.diagnostics
        if snapshot.files.isEmpty && snapshot.refused.isEmpty {
            diagnostics.append(.warning(at: nil, "no .yaml or .yml files were found", hint: "check --path and --rev"))
        }
        // Cross-document checks are meaningful only on documents that decoded; they still run
        // when some files failed, so that one run reports every problem.
        diagnostics += Validator(state: decoder.state, now: now).validate()
        return LoadResult(
            commit: snapshot.commit, isWorktree: snapshot.isWorktree, state: decoder.state,
            diagnostics: diagnostics.sorted(), fileCount: snapshot.files.count, byteCount: snapshot.byteCount,
            documentCount: documentCount)
    }
}
