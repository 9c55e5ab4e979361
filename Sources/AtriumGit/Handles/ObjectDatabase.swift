internal import CLibGit2

/// A repository's object database, for what can be known of an object without reading it.
/// Owns the `git_odb` handle; freed in `deinit`.
final class ObjectDatabase {
    private let handle: OpaquePointer

    /// `nil` when libgit2 cannot open it (the caller then reads objects whole, as before).
    init?(_ repository: OpaquePointer) {
        var odb: OpaquePointer?
        guard git_repository_odb(&odb, repository) == 0, let odb else { return nil }
        handle = odb
    }

    deinit {
        git_odb_free(handle)
    }

    /// An object's size in bytes, read from its header only.
    func size(of id: ObjectID) -> Int? {
        var oid = id.oid
        var size = 0
        var type = GIT_OBJECT_ANY
        guard git_odb_read_header(&size, &type, handle, &oid) == 0 else { return nil }
        return size
    }
}
