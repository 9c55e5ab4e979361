import AtriumCore
import AtriumYAML
internal import CLibGit2
import Foundation

/// A git object's 20-byte id, cheap to hash and compare (the history walk keys on it).
struct ObjectID: Hashable, Sendable {
    var high: UInt64
    var middle: UInt64
    var low: UInt32

    init(_ oid: UnsafePointer<git_oid>) {
        var high: UInt64 = 0
        var middle: UInt64 = 0
        var low: UInt32 = 0
        withUnsafeBytes(of: oid.pointee.id) { bytes in
            high = bytes.loadUnaligned(fromByteOffset: 0, as: UInt64.self)
            middle = bytes.loadUnaligned(fromByteOffset: 8, as: UInt64.self)
            low = bytes.loadUnaligned(fromByteOffset: 16, as: UInt32.self)
        }
        self.high = high
        self.middle = middle
        self.low = low
    }

    /// The libgit2 form, for lookups.
    var oid: git_oid {
        var result = git_oid()
        withUnsafeMutableBytes(of: &result.id) { bytes in
            bytes.storeBytes(of: high, toByteOffset: 0, as: UInt64.self)
            bytes.storeBytes(of: middle, toByteOffset: 8, as: UInt64.self)
            bytes.storeBytes(of: low, toByteOffset: 16, as: UInt32.self)
        }
        return result
    }
}

/// History questions answered from the object database: commit metadata, merge bases, which
/// commit a branch pointed at on a date.
extension GitSource {
    /// Author, date and subject of the commit `revision` names.
    package func commitInfo(_ revision: String) throws(GitError) -> CommitInfo {
        let commit = try lookupCommit(revision)
        defer { git_commit_free(commit) }
        return Self.info(commit)
    }

    static func info(_ commit: OpaquePointer) -> CommitInfo {
        let sha = sha(git_commit_id(commit))
        let author = git_commit_author(commit)
        let name = author?.pointee.name.map { String(cString: $0) } ?? ""
        let email = author?.pointee.email.map { String(cString: $0) } ?? ""
        let seconds = author?.pointee.when.time ?? 0
        let summary = git_commit_summary(commit).map { String(cString: $0) } ?? ""
        return CommitInfo(
            sha: sha, author: name, email: email,
            date: Timestamp.format(Date(timeIntervalSince1970: TimeInterval(seconds))), subject: summary)
    }

    func commitInfo(_ id: ObjectID) -> CommitInfo? {
        var oid = id.oid
        var commit: OpaquePointer?
        guard git_commit_lookup(&commit, repository, &oid) == 0, let commit else { return nil }
        defer { git_commit_free(commit) }
        return Self.info(commit)
    }

    /// Whether `name` is a local branch or a remote-tracking branch (`main`, `origin/main`,
    /// `refs/heads/main`), as opposed to a tag or a commit.
    package func isBranch(_ name: String) -> Bool {
        var reference: OpaquePointer?
        guard git_reference_dwim(&reference, repository, name) == 0, let reference else { return false }
        defer { git_reference_free(reference) }
        return git_reference_is_branch(reference) == 1 || git_reference_is_remote(reference) == 1
    }

    /// The best common ancestor of two revisions, as a full SHA.
    package func mergeBase(_ first: String, _ second: String) throws(GitError) -> String {
        let a = try lookupCommit(first)
        defer { git_commit_free(a) }
        let b = try lookupCommit(second)
        defer { git_commit_free(b) }
        var base = git_oid()
        let status = git_merge_base(&base, repository, git_commit_id(a), git_commit_id(b))
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
        var commit: OpaquePointer? = try lookupCommit(revision)
        let limit = Int64(date.timeIntervalSince1970.rounded(.up))
        while let current = commit {
            if git_commit_time(current) < limit {
                let sha = Self.sha(git_commit_id(current))
                git_commit_free(current)
                return sha
            }
            var parent: OpaquePointer?
            let status =
                git_commit_parentcount(current) > 0 ? git_commit_parent(&parent, current, 0) : GIT_ENOTFOUND.rawValue
            git_commit_free(current)
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
