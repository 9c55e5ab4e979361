internal import CLibGit2

/// A blob this process owns, freed in `deinit`.
final class GitBlob {
    private let handle: OpaquePointer

    private init(owning handle: OpaquePointer) { self.handle = handle }

    deinit { git_blob_free(handle) }

    static func lookup(_ id: ObjectID, in repository: OpaquePointer) -> GitBlob? {
        var oid = id.oid
        var blob: OpaquePointer?
        guard git_blob_lookup(&blob, repository, &oid) == 0, let blob else { return nil }
        return GitBlob(owning: blob)
    }

    var size: Int { Int(git_blob_rawsize(handle)) }

    /// The content, copied out.
    var bytes: [UInt8] {
        let size = self.size
        guard size > 0, let raw = git_blob_rawcontent(handle) else { return [] }
        return Array(UnsafeRawBufferPointer(start: raw, count: size))
    }
}
