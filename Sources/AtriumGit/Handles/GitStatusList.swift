internal import CLibGit2

/// A working tree's status this process owns, freed in `deinit`.
final class GitStatusList {
    private let handle: OpaquePointer

    /// Index and working tree against HEAD, untracked files included (folders recursed); nil
    /// when libgit2 cannot read it.
    init?(_ repository: OpaquePointer) {
        var options = git_status_options()
        guard git_status_options_init(&options, UInt32(GIT_STATUS_OPTIONS_VERSION)) == 0 else { return nil }
        options.show = GIT_STATUS_SHOW_INDEX_AND_WORKDIR
        options.flags = GIT_STATUS_OPT_INCLUDE_UNTRACKED.rawValue | GIT_STATUS_OPT_RECURSE_UNTRACKED_DIRS.rawValue
        var list: OpaquePointer?
        guard git_status_list_new(&list, repository, &options) == 0, let list else { return nil }
        handle = list
    }

    deinit { git_status_list_free(handle) }

    /// The paths that differ from HEAD, each as its new path (its old one when deleted).
    var changedPaths: [String] {
        var paths: [String] = []
        for index in 0..<git_status_list_entrycount(handle) {
            guard let entry = git_status_byindex(handle, index)?.pointee, entry.status != GIT_STATUS_CURRENT else {
                continue
            }
            let delta = entry.index_to_workdir ?? entry.head_to_index
            guard let delta, let pointer = delta.pointee.new_file.path ?? delta.pointee.old_file.path else { continue }
            paths.append(String(cString: pointer))
        }
        return paths
    }
}
