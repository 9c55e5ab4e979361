import AtriumCore
internal import CLibGit2
import Foundation

/// A commit this process owns, freed in `deinit`. The handle never leaves the type: what is read
/// from it is copied out while it is alive.
final class GitCommit {
    let handle: OpaquePointer

    init(owning handle: OpaquePointer) { self.handle = handle }

    deinit { git_commit_free(handle) }

    /// The commit with id `id`, or nil when the object database lacks it.
    static func lookup(_ id: ObjectID, in repository: OpaquePointer) -> GitCommit? {
        var oid = id.oid
        var commit: OpaquePointer?
        guard git_commit_lookup(&commit, repository, &oid) == 0, let commit else { return nil }
        return GitCommit(owning: commit)
    }

    var id: ObjectID { ObjectID(git_commit_id(handle)) }
    var sha: String { GitSource.sha(git_commit_id(handle)) }
    var oid: git_oid { git_commit_id(handle).pointee }
    /// Seconds since 1970, as the committer recorded it.
    var time: Int64 { git_commit_time(handle) }
    var parentCount: Int { Int(git_commit_parentcount(handle)) }

    /// The commit's tree, or nil when its object is missing.
    func tree() -> GitTree? {
        var tree: OpaquePointer?
        guard git_commit_tree(&tree, handle) == 0, let tree else { return nil }
        return GitTree(owning: tree)
    }

    /// Parent `index`, with libgit2's status (a shallow clone's boundary has no parent objects).
    func parent(_ index: Int) -> (commit: GitCommit?, status: Int32) {
        var parent: OpaquePointer?
        let status = git_commit_parent(&parent, handle, UInt32(index))
        guard status == 0, let parent else { return (nil, status == 0 ? -1 : status) }
        return (GitCommit(owning: parent), 0)
    }

    /// Author, date and subject.
    var info: CommitInfo {
        let author = git_commit_author(handle)
        let name = author?.pointee.name.map { String(cString: $0) } ?? ""
        let email = author?.pointee.email.map { String(cString: $0) } ?? ""
        let seconds = author?.pointee.when.time ?? 0
        let summary = git_commit_summary(handle).map { String(cString: $0) } ?? ""
        return CommitInfo(
            sha: sha, author: name, email: email,
            date: Timestamp.format(Date(timeIntervalSince1970: TimeInterval(seconds))), subject: summary)
    }
}

extension GitCommit {
    /// The whole message.
    var message: String { git_commit_message(handle).map { String(cString: $0) } ?? "" }
    /// The committer's name (who merged a pull request, for a merge).
    var committer: String { git_commit_committer(handle)?.pointee.name.map { String(cString: $0) } ?? "" }
}
