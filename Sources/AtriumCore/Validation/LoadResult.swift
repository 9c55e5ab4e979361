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
    /// The errors that are SharingRule violations (a diff reports them as findings of the change).
    public var ruleViolations: [Diagnostic] { diagnostics.filter { $0.rule != nil && $0.severity == .error } }
    /// Whether the state is valid but for its SharingRule violations.
    public var isValidApartFromRules: Bool { errorCount == ruleViolations.count }

    public init(
        commit: String, isWorktree: Bool, state: DesiredState, diagnostics: [Diagnostic], fileCount: Int,
        byteCount: Int,
        documentCount: Int
    ) {
        self.commit = commit
        self.isWorktree = isWorktree
        self.state = state
        self.diagnostics = diagnostics
        self.fileCount = fileCount
        self.byteCount = byteCount
        self.documentCount = documentCount
    }
}
