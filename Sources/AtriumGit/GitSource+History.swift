package import AtriumCore
import AtriumYAML
internal import CLibGit2
package import Foundation

/// History questions answered from the object database: commit metadata, merge bases, which
/// commit a branch pointed at on a date.
extension GitSource {
    /// Author, date and subject of the commit `revision` names.
    package func commitInfo(_ revision: String) throws(GitError) -> CommitInfo {
        try lookupCommit(revision).info
    }

    func commitInfo(_ id: ObjectID) -> CommitInfo? {
        GitCommit.lookup(id, in: repository)?.info
    }

    /// Whether `name` is a local branch or a remote-tracking branch (`main`, `origin/main`,
    /// `refs/heads/main`), as opposed to a tag or a commit.
    package func isBranch(_ name: String) -> Bool {
        GitReference.dwim(name, in: repository)?.isBranch ?? false
    }

    /// The best common ancestor of two revisions, as a full SHA.
    package func mergeBase(_ first: String, _ second: String) throws(GitError) -> String {
        var a = try lookupCommit(first).oid
        var b = try lookupCommit(second).oid
        var base = git_oid()
        let status = git_merge_base(&base, repository, &a, &b)
        guard status == 0 else {
            if status == GIT_ENOTFOUND.rawValue {
                throw GitError(
                    .unknownRevision, "`\(first)` and `\(second)` have no common history",
                    hint: "pass a commit as --base")
            }
            throw missingObject("the merge base of `\(first)` and `\(second)`")
        }
        return withUnsafePointer(to: &base) { Self.sha($0) }
    }

    /// The last commit on `revision`'s first-parent line (the branch as it was) committed before
    /// `date`; `nil` when the branch had no commit yet.
    package func lastCommit(before date: Date, on revision: String) throws(GitError) -> String? {
        var commit: GitCommit? = try lookupCommit(revision)
        let limit = Int64(date.timeIntervalSince1970.rounded(.up))
        while let current = commit {
            if current.time < limit { return current.sha }
            let (parent, status) =
                current.parentCount > 0 ? current.parent(0) : (nil, GIT_ENOTFOUND.rawValue)
            if status != 0 {
                if status != GIT_ENOTFOUND.rawValue && isShallow {
                    throw GitError(
                        .missingObject, "history before \(Timestamp.format(date)) is not in this shallow clone",
                        hint: "fetch more history: git fetch --shallow-since=DATE, or --unshallow")
                }
                return nil
            }
            commit = parent
        }
        return nil
    }

    /// What `--at` names: a date or RFC 3339 time (the last commit on `branch` committed before
    /// it, with the instant to judge expiries at) or any revision (judged at `now`). `nil` when
    /// the branch had no commit before the date.
    package func pointInTime(_ at: String, on branch: String) throws(GitError) -> (
        commit: String, date: Date?, name: String
    )? {
        if let date = Timestamp.parse(at) {
            guard let commit = try lastCommit(before: date, on: branch) else { return nil }
            return (commit, date, "\(branch) before \(at)")
        }
        return (try resolve(at), nil, at)
    }
}
