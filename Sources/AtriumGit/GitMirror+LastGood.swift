import AtriumCore
internal import CLibGit2

extension GitMirror {
    /// Where the mirror remembers the last commit whose desired state was valid and planned:
    /// the controller enforces it while the branch's head is invalid, across restarts too.
    static let lastGoodRef = "refs/atrium/last-good"

    /// The last good commit, if one was recorded.
    package func lastGood() -> String? {
        var oid = git_oid()
        guard git_reference_name_to_id(&oid, handle, Self.lastGoodRef) == 0 else { return nil }
        return GitSource.sha(&oid)
    }

    /// Records `commit` as the last good one.
    package func markGood(_ commit: String) throws(GitError) {
        var oid = git_oid()
        guard git_oid_fromstr(&oid, commit) == 0 else {
            throw GitError(.unknownRevision, "`\(commit)` is not a commit id")
        }
        let created = GitReference.create(
            Self.lastGoodRef, to: oid, force: true, message: "atrium controller: last good commit", in: handle)
        guard case .success = created else {
            throw GitSource.lastError(.other, "cannot record the last good commit in `\(path)`")
        }
    }
}
