package import AtriumCore
package import AtriumYAML
package import Foundation

extension DesiredStateLoader {
    /// Where to read from.
    package struct Options: Sendable {
        package var repository: String
        package var revision: String
        package var prefix: String
        package var worktree: Bool

        package init(repository: String = ".", revision: String = "HEAD", prefix: String = "", worktree: Bool = false) {
            self.repository = repository
            self.revision = revision
            self.prefix = prefix
            self.worktree = worktree
        }
    }

    /// Loads and validates. Throws only when the repository or revision cannot be read at all;
    /// problems with the files are reported in the result's diagnostics.
    package static func load(_ options: Options, now: Date) throws(GitError) -> LoadResult {
        load(try snapshot(options), now: now)
    }

    /// The files under the prefix at the revision (or in the working tree), before parsing.
    package static func snapshot(_ options: Options) throws(GitError) -> SourceSnapshot {
        var snapshot = try files(options)
        noteUncommittedEdits(in: &snapshot, options)
        return snapshot
    }

    /// The snapshot without its note on uncommitted edits, which a `git status` of the working
    /// tree finds: for a caller that starts other work (a reconcile's live read) before that.
    package static func files(_ options: Options) throws(GitError) -> SourceSnapshot {
        let source = try GitSource(path: options.repository)
        if options.worktree { return try source.worktreeSnapshot(under: options.prefix) }
        return try source.snapshot(at: options.revision, under: options.prefix)
    }

    /// Notes the YAML files under the prefix whose working-tree text differs from the snapshot's
    /// commit (when that is `HEAD`): they were not read.
    package static func noteUncommittedEdits(in snapshot: inout SourceSnapshot, _ options: Options) {
        guard !snapshot.isWorktree, let source = try? GitSource(path: options.repository),
            let note = source.uncommittedNote(commit: snapshot.commit, under: options.prefix)
        else { return }
        snapshot.notes.append(note)
    }
}
