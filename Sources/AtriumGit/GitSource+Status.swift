import AtriumCore

extension GitSource {
    /// The YAML files under `prefix` whose working-tree content is not HEAD's: modified, staged,
    /// deleted or new (untracked, not ignored). Empty for a bare repository, or when the status
    /// cannot be read.
    package func uncommittedChanges(under prefix: String) -> [String] {
        guard workdir != nil else { return [] }
        let prefix = Self.normalize(prefix)
        guard let status = GitStatusList(handle) else { return [] }
        let paths = status.changedPaths.filter { path in
            SourceFile.isYAML(path) && (prefix.isEmpty || path == prefix || path.hasPrefix(prefix + "/"))
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
            "the working tree differs from HEAD (\(commit.prefix(12))) in \(paths.count) YAML "
                + "file\(paths.count == 1 ? "" : "s") (\(shown)), which were not read",
            hint: "commit them, or pass --worktree to read the working tree")
    }
}
