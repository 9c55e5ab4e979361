internal import CLibGit2

/// An object a revision names (`git_revparse_single`), owned and freed in `deinit`.
final class GitObject {
    private let handle: OpaquePointer

    private init(owning handle: OpaquePointer) { self.handle = handle }

    deinit { git_object_free(handle) }

    /// The object `revision` names, or libgit2's status.
    static func parse(_ revision: String, in repository: OpaquePointer) -> Result<GitObject, GitStatus> {
        var object: OpaquePointer?
        let status = git_revparse_single(&object, repository, revision)
        guard status == 0, let object else { return .failure(GitStatus(code: status == 0 ? -1 : status)) }
        return .success(GitObject(owning: object))
    }

    /// The commit this object is or points at (a tag peeled), or nil.
    func peeledCommit() -> GitCommit? {
        var commit: OpaquePointer?
        guard git_object_peel(&commit, handle, GIT_OBJECT_COMMIT) == 0, let commit else { return nil }
        return GitCommit(owning: commit)
    }
}
