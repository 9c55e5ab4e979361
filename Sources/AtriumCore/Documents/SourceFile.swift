public import Foundation

/// A file of desired state as read from a revision (or the working tree).
public struct SourceFile: Sendable {
    /// The path relative to the repository's root, with `/` separators.
    public var path: String
    public var bytes: [UInt8]

    public init(path: String, bytes: [UInt8]) {
        self.path = path
        self.bytes = bytes
    }

    /// Only YAML files are desired state.
    public static func isYAML(_ path: String) -> Bool {
        path.hasSuffix(".yaml") || path.hasSuffix(".yml")
    }

    /// The largest file Atrium reads.
    public static let maxSize = 1 << 20

    /// Git LFS pointer files start with this line; their content lives elsewhere.
    static let lfsPointerPrefix = Array("version https://git-lfs.github.com/spec/v1".utf8)

    public var isLFSPointer: Bool { bytes.starts(with: Self.lfsPointerPrefix) }
}

/// The files under a path at one revision, plus the entries that were refused.
public struct SourceSnapshot: Sendable {
    /// The full SHA of the commit read (for the working tree: of `HEAD`).
    public var commit: String
    /// Whether the files came from the working tree rather than the commit.
    public var isWorktree: Bool
    public var files: [SourceFile]
    /// Entries refused (symlinks, submodules, files too large, LFS pointers), as errors.
    public var refused: [Diagnostic]
    /// Warnings about what was read (uncommitted edits that were not).
    public var notes: [Diagnostic] = []
    /// When the commit read was made (`nil` for the working tree, whose edits are not yet).
    public var committedAt: Date?

    public var byteCount: Int { files.reduce(0) { $0 + $1.bytes.count } }

    public init(commit: String, isWorktree: Bool, files: [SourceFile], refused: [Diagnostic]) {
        self.commit = commit
        self.isWorktree = isWorktree
        self.files = files
        self.refused = refused
    }
}
