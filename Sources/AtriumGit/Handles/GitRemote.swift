internal import CLibGit2

/// A remote this process owns, freed in `deinit`.
final class GitRemote {
    private let handle: OpaquePointer

    private init(owning handle: OpaquePointer) { self.handle = handle }

    deinit { git_remote_free(handle) }

    static func lookup(_ name: String, in repository: OpaquePointer) -> GitRemote? {
        var remote: OpaquePointer?
        guard git_remote_lookup(&remote, repository, name) == 0, let remote else { return nil }
        return GitRemote(owning: remote)
    }

    static func create(_ name: String, url: String, in repository: OpaquePointer) -> GitRemote? {
        var remote: OpaquePointer?
        guard git_remote_create(&remote, repository, name, url) == 0, let remote else { return nil }
        return GitRemote(owning: remote)
    }

    var url: String? { git_remote_url(handle).map { String(cString: $0) } }

    /// Fetches `refspecs` with `options`; libgit2's status.
    func fetch(_ refspecs: inout git_strarray, _ options: inout git_fetch_options, reflog: String) -> Int32 {
        git_remote_fetch(handle, &refspecs, &options, reflog)
    }
}

extension GitRemote {
    /// Pushes `refspecs` with `options`; libgit2's status.
    func push(_ refspecs: inout git_strarray, _ options: inout git_push_options) -> Int32 {
        git_remote_push(handle, &refspecs, &options)
    }
}
