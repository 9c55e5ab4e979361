internal import CLibGit2

/// A reference this process owns, freed in `deinit`.
final class GitReference {
    private let handle: OpaquePointer

    private init(owning handle: OpaquePointer) { self.handle = handle }

    deinit { git_reference_free(handle) }

    /// The reference a short name means, as git's "do what I mean" reads it (`main`,
    /// `origin/main`, `refs/heads/main`, a tag).
    static func dwim(_ name: String, in repository: OpaquePointer) -> GitReference? {
        var reference: OpaquePointer?
        guard git_reference_dwim(&reference, repository, name) == 0, let reference else { return nil }
        return GitReference(owning: reference)
    }

    /// Creates (or moves, with `force`) a direct reference to `oid`; libgit2's status on failure.
    static func create(
        _ name: String, to oid: git_oid, force: Bool, message: String, in repository: OpaquePointer
    ) -> Result<GitReference, GitStatus> {
        var oid = oid
        var reference: OpaquePointer?
        let status = git_reference_create(&reference, repository, name, &oid, force ? 1 : 0, message)
        guard status == 0, let reference else { return .failure(GitStatus(code: status)) }
        return .success(GitReference(owning: reference))
    }

    /// A local or a remote-tracking branch, as opposed to a tag or a note.
    var isBranch: Bool { git_reference_is_branch(handle) == 1 || git_reference_is_remote(handle) == 1 }
}

/// A libgit2 call's non-zero status, as a value.
struct GitStatus: Error {
    var code: Int32
}
