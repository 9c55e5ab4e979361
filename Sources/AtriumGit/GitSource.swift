package import AtriumCore
import AtriumYAML
internal import CLibGit2
import Foundation

/// Reads desired state from a git repository through libgit2, straight from the object
/// database: no checkout, bare repositories work, and the working tree is read only when asked.
///
/// The type owns the `git_repository` handle and frees it in `deinit`. libgit2 handles are not
/// safe to share between threads, so a `GitSource` is not `Sendable`; open one per task.
package final class GitSource {
    let repository: OpaquePointer
    /// The path the repository was opened from, for messages.
    package let path: String

    static let initialize: Bool = {
        git_libgit2_init()
        return true
    }()

    /// Opens the repository at `path` or in one of its parents (as `git` does); bare or not.
    package init(path: String) throws(GitError) {
        _ = Self.initialize
        self.path = path
        var handle: OpaquePointer?
        let status = git_repository_open_ext(&handle, path, 0, nil)
        guard status == 0, let handle else {
            if status == GIT_ENOTFOUND.rawValue {
                let exists = FileManager.default.fileExists(atPath: path)
                throw GitError(
                    .notARepository,
                    exists ? "`\(path)` is not in a git repository" : "`\(path)` does not exist",
                    hint: "run inside a repository or pass --repo DIR")
            }
            throw Self.lastError(.notARepository, "cannot open the repository at `\(path)`")
        }
        repository = handle
    }

    deinit {
        git_repository_free(repository)
    }

    package var isBare: Bool { git_repository_is_bare(repository) == 1 }
    package var isShallow: Bool { git_repository_is_shallow(repository) == 1 }

    /// The working tree's root, or `nil` for a bare repository.
    package var workdir: String? {
        git_repository_workdir(repository).map { String(cString: $0) }
    }

    /// Resolves any revision git understands (`HEAD`, a branch, a tag, `origin/main`, a full or
    /// short SHA, `HEAD~2`, ...) to the full SHA of the commit it names.
    package func resolve(_ revision: String) throws(GitError) -> String {
        try lookupCommit(revision).sha
    }

    /// The YAML files under `prefix` (a folder or a single file, relative to the repository's
    /// root; empty for all) at `revision`, read from the object database.
    package func snapshot(at revision: String, under prefix: String) throws(GitError) -> SourceSnapshot {
        let commit = try lookupCommit(revision)
        let sha = commit.sha
        guard var walker = try walk(commit, under: prefix) else {
            throw GitError(
                .pathNotFound, "`\(Self.normalize(prefix))` does not exist at \(revision) (\(sha.prefix(12)))",
                hint: "check --path; it is relative to the repository's root")
        }
        try walker.readQueued()
        var snapshot = SourceSnapshot(commit: sha, isWorktree: false, files: walker.files, refused: walker.refused)
        snapshot.committedAt = Timestamp.parse(commit.info.date)
        return snapshot
    }

    /// The YAML blobs under `prefix` at `commit`, sized and checked as `snapshot(at:under:)` checks
    /// them, not read: none when the prefix does not exist there.
    func blobs(at commit: GitCommit, under prefix: String) throws(GitError) -> [(id: ObjectID, path: String)] {
        try walk(commit, under: prefix)?.pending ?? []
    }

    /// The tree walked, its blobs queued unread; nil when `prefix` does not exist at `commit`.
    private func walk(_ commit: GitCommit, under prefix: String) throws(GitError) -> TreeReader? {
        guard let tree = commit.tree() else { throw missingObject("the tree of commit \(commit.sha.prefix(12))") }
        var walker = TreeReader(source: self)
        let prefix = Self.normalize(prefix)
        if prefix.isEmpty {
            try walker.read(tree: tree, path: "")
        } else {
            guard let entry = tree.entry(atPath: prefix) else { return nil }
            try walker.read(entry: entry, path: prefix, explicitlyNamed: true)
        }
        return walker
    }

    /// The YAML files under `prefix` in the working tree, under the same rules as a commit
    /// (ignored files are skipped). The snapshot's commit is `HEAD`'s.
    package func worktreeSnapshot(under prefix: String) throws(GitError) -> SourceSnapshot {
        guard let root = workdir else {
            throw GitError(
                .unreadable, "`\(path)` is a bare repository and has no working tree", hint: "drop --worktree")
        }
        let sha = (try? resolve("HEAD")) ?? String(repeating: "0", count: 40)
        var reader = WorktreeReader(
            root: root,
            isIgnored: { [repository] relative in
                var ignored: Int32 = 0
                return git_ignore_path_is_ignored(&ignored, repository, relative) == 0 && ignored == 1
            })
        try reader.read(prefix: Self.normalize(prefix))
        return SourceSnapshot(commit: sha, isWorktree: true, files: reader.files, refused: reader.refused)
    }

    // MARK: - Internals

    func lookupCommit(_ revision: String) throws(GitError) -> GitCommit {
        let object: GitObject
        switch GitObject.parse(revision, in: repository) {
        case .success(let parsed): object = parsed
        case .failure(let failure):
            if isShallow, isBeyondShallowBoundary(revision) {
                throw GitError(
                    .missingObject, "revision `\(revision)` is not in this shallow clone",
                    hint: "fetch more history: git fetch --deepen=N, or --unshallow")
            }
            let status = failure.code
            if status == GIT_ENOTFOUND.rawValue || status == GIT_EAMBIGUOUS.rawValue {
                let what = status == GIT_EAMBIGUOUS.rawValue ? "is ambiguous" : "is not a known revision"
                throw GitError(
                    .unknownRevision, "`\(revision)` \(what) in `\(path)`",
                    hint: "use a branch, a tag or a longer SHA; `git log --oneline` lists them")
            }
            throw Self.lastError(.unknownRevision, "cannot resolve `\(revision)`")
        }
        guard let commit = object.peeledCommit() else {
            throw GitError(
                .unknownRevision, "`\(revision)` does not name a commit", hint: "name a branch, tag or commit")
        }
        return commit
    }

    /// Whether a revision that does not resolve in a shallow clone may name history the clone
    /// cut off: a SHA (full or abbreviated), or ancestors (`HEAD~3`, `main^2`) of a revision that
    /// resolves. A mistyped branch or tag name is not: it is reported as unknown.
    private func isBeyondShallowBoundary(_ revision: String) -> Bool {
        if (4...40).contains(revision.count), revision.allSatisfy(\.isHexDigit) { return true }
        guard let cut = revision.firstIndex(where: { $0 == "~" || $0 == "^" }) else { return false }
        let base = revision[..<cut].isEmpty ? "HEAD" : String(revision[..<cut])
        if case .success = GitObject.parse(base, in: repository) { return true }
        return false
    }

    func missingObject(_ what: String) -> GitError {
        if isShallow {
            return GitError(
                .missingObject, "\(what) is missing from this shallow clone",
                hint: "fetch more history: git fetch --deepen=N, or --unshallow")
        }
        return Self.lastError(.missingObject, "\(what) is missing from the repository")
    }

    var handle: OpaquePointer { repository }

    static func sha(_ oid: UnsafePointer<git_oid>?) -> String {
        guard let oid else { return "" }
        var buffer = [CChar](repeating: 0, count: 41)
        git_oid_tostr(&buffer, 41, oid)
        return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    static func normalize(_ prefix: String) -> String {
        var result = prefix
        while result.hasPrefix("./") { result.removeFirst(2) }
        while result.hasSuffix("/") { result.removeLast() }
        return result == "." ? "" : result
    }

    static func lastError(_ code: GitError.Code, _ message: String) -> GitError {
        let detail = git_error_last().flatMap { $0.pointee.message.map { String(cString: $0) } }
        return GitError(code, detail.map { "\(message): \($0)" } ?? message)
    }

    // MARK: - Tree walking

    /// Walks a tree, sizing every YAML blob from the object database's headers first and reading
    /// them only once the whole tree is within the totals: a tree over them is refused unread.
    private struct TreeReader {
        let source: GitSource
        var files: [SourceFile] = []
        var refused: [Diagnostic] = []
        var byteCount = 0
        /// The blobs to read once the walk is done.
        var pending: [(id: ObjectID, path: String)] = []
        /// For blob sizes without reading the blobs (a 50 MB file is refused unread).
        lazy var objects = ObjectDatabase(source.handle)

        init(source: GitSource) {
            self.source = source
        }

        mutating func read(tree: GitTree, path: String) throws(GitError) {
            for entry in tree.entries {
                try read(
                    entry: entry, path: path.isEmpty ? entry.name : "\(path)/\(entry.name)", explicitlyNamed: false)
            }
        }

        mutating func read(entry: GitTree.Entry, path: String, explicitlyNamed: Bool) throws(GitError) {
            switch entry.mode {
            case GIT_FILEMODE_TREE:
                guard let subtree = GitTree.lookup(entry.id, in: source.handle) else {
                    throw source.missingObject("the folder `\(path)`")
                }
                try read(tree: subtree, path: path)
            case GIT_FILEMODE_LINK:
                refused.append(SourceFileRules.symbolicLink(path))
            case GIT_FILEMODE_COMMIT:
                refused.append(SourceFileRules.submodule(path))
            default:
                guard explicitlyNamed || SourceFile.isYAML(path) else { return }
                guard SourceFile.isYAML(path) else {
                    refused.append(SourceFileRules.notYAML(path))
                    return
                }
                try queue(entry.id, path: path)
            }
        }

        mutating func queue(_ id: ObjectID, path: String) throws(GitError) {
            if let size = objects?.size(of: id) {
                if let refusal = SourceFileRules.size(size, of: path) {
                    refused.append(refusal)
                    return
                }
                byteCount += size
            }
            try SourceFileRules.checkTotals(files: pending.count + 1, bytes: byteCount)
            pending.append((id, path))
        }

        mutating func readQueued() throws(GitError) {
            for (id, path) in pending { try readBlob(id, path: path) }
            pending = []
        }

        mutating func readBlob(_ id: ObjectID, path: String) throws(GitError) {
            guard let blob = GitBlob.lookup(id, in: source.handle) else {
                throw source.missingObject("the file `\(path)`")
            }
            if let refusal = SourceFileRules.size(blob.size, of: path) {
                refused.append(refusal)
                return
            }
            let file = SourceFile(path: path, bytes: blob.bytes)
            if let refusal = SourceFileRules.content(of: file) {
                refused.append(refusal)
                return
            }
            files.append(file)
        }
    }
}
