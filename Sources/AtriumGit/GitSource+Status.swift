import AtriumCore
internal import CLibGit2

extension GitSource {
    /// The YAML files under `prefix` whose working-tree content is not HEAD's: modified, staged,
    /// deleted or new (untracked, not ignored). Empty for a bare repository, or when the status
    /// cannot be read.
    package func uncommittedChanges(under prefix: String) -> [String] {
        guard workdir != nil else { return [] }
        let prefix = Self.normalize(prefix)
        var options = git_status_options()
        guard git_status_options_init(&options, UInt32(GIT_STATUS_OPTIONS_VERSION)) == 0 else { return [] }
        options.show = GIT_STATUS_SHOW_INDEX_AND_WORKDIR
        options.flags = GIT_STATUS_OPT_INCLUDE_UNTRACKED.rawValue | GIT_STATUS_OPT_RECURSE_UNTRACKED_DIRS.rawValue
        var list: OpaquePointer?
        guard git_status_list_new(&list, handle, &options) == 0, let list else { return [] }
        defer { git_status_list_free(list) }
        var paths: [String] = []
        for index in 0..<git_status_list_entrycount(list) {
            guard let entry = git_status_byindex(list, index)?.pointee, entry.status != GIT_STATUS_CURRENT else {
                continue
            }
            let delta = entry.index_to_workdir ?? entry.head_to_index
            guard let delta, let pointer = delta.pointee.new_file.path ?? delta.pointee.old_file.path else { continue }
            let path = String(cString: pointer)
            guard SourceFile.isYAML(path), prefix.isEmpty || path == prefix || path.hasPrefix(prefix + "/") else {
                continue
            }
            paths.append(path)
        }
        return Array(Set(paths)).sorted()
    }

    /// A warning when `commit` is HEAD's and the working tree has YAML edits under `prefix`
    /// that were not read: uncommitted edits are never passed over in silence.
    func uncommittedNote(commit: String, under prefix: String) -> Diagnostic? {
        guard (try? resolve("HEAD")) == commit else { return nil }
        let paths = uncommittedChanges(under: prefix)
        guard !paths.isEmpty else { return nil }
        let shown =
            paths.prefix(3).map { "`\($0)`" }.joined(separator: ", ")
            + (paths.count > 3 ? " and \(paths.count - 3) more" : "")
        return .warning(
            at: nil,
            "the working tree differs from HEAD (\(commit.prefix(12))) in \(paths.count) YAML file\(paths.count == 1 ? "" : "s") (\(shown)), which were not read",
            hint: "commit them, or pass --worktree to read the working tree")
    }
}
