/// The machine-readable result of `atrium validate` (`--format json`). Versioned: fields are only
/// ever added within a `format_version`.
public struct ValidationReport: Codable, Sendable {
    public struct Finding: Codable, Sendable {
        public var severity: Diagnostic.Severity
        public var file: String?
        public var line: Int?
        public var column: Int?
        public var message: String
        public var hint: String?
    }

    public struct Counts: Codable, Sendable {
        public var files: Int
        public var documents: Int
        public var workspaces: Int
        public var grants: Int
        public var factoryTemplates: Int
        public var errors: Int
        public var warnings: Int

        enum CodingKeys: String, CodingKey {
            case files, documents, workspaces, grants, errors, warnings
            case factoryTemplates = "factory_templates"
        }
    }

    public static let formatVersion = 1

    public var formatVersion: Int
    public var commit: String
    public var worktree: Bool
    public var valid: Bool
    public var counts: Counts
    public var findings: [Finding]

    enum CodingKeys: String, CodingKey {
        case formatVersion = "format_version"
        case commit, worktree, valid, counts, findings
    }

    public init(_ result: LoadResult) {
        formatVersion = Self.formatVersion
        commit = result.commit
        worktree = result.isWorktree
        valid = result.isValid
        counts = Counts(
            files: result.fileCount, documents: result.documentCount, workspaces: result.state.workspaces.count,
            grants: result.state.grants.count, factoryTemplates: result.state.factoryTemplates.count,
            errors: result.errorCount, warnings: result.warningCount)
        findings = result.diagnostics.map { diagnostic in
            let location = diagnostic.location
            return Finding(
                severity: diagnostic.severity, file: location?.file,
                line: location.flatMap { $0.line > 0 ? $0.line : nil },
                column: location.flatMap { $0.line > 0 ? $0.column : nil },
                message: diagnostic.message, hint: diagnostic.hint)
        }
    }
}
