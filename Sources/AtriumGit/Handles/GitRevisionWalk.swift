internal import CLibGit2

/// A history walk this process owns, freed in `deinit`: newest commits first, parents after
/// all of their children.
final class GitRevisionWalk {
    private let handle: OpaquePointer

    /// A walk from `start`, or nil when libgit2 cannot start one (`start` missing included).
    init?(from start: ObjectID, in repository: OpaquePointer) {
        var walk: OpaquePointer?
        guard git_revwalk_new(&walk, repository) == 0, let walk else { return nil }
        handle = walk
        git_revwalk_sorting(handle, GIT_SORT_TOPOLOGICAL.rawValue | GIT_SORT_TIME.rawValue)
        var oid = start.oid
        guard git_revwalk_push(handle, &oid) == 0 else { return nil }
    }

    deinit { git_revwalk_free(handle) }

    /// The next commit's id, or nil at the end of the history.
    func next() -> ObjectID? {
        var oid = git_oid()
        guard git_revwalk_next(&oid, handle) == 0 else { return nil }
        return withUnsafePointer(to: &oid) { ObjectID($0) }
    }
}
