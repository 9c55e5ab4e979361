internal import CLibGit2

/// A tree this process owns, freed in `deinit`. Its entries are read out as values.
final class GitTree {
    let handle: OpaquePointer

    init(owning handle: OpaquePointer) { self.handle = handle }

    deinit { git_tree_free(handle) }

    /// One entry: its name, the object it names and its file mode.
    struct Entry {
        var name: String
        var id: ObjectID
        var mode: git_filemode_t

        var isTree: Bool { mode == GIT_FILEMODE_TREE }
        /// A symbolic link or a submodule: not a file whose content can be read.
        var isLinkOrSubmodule: Bool { mode == GIT_FILEMODE_LINK || mode == GIT_FILEMODE_COMMIT }
    }

    static func lookup(_ id: ObjectID, in repository: OpaquePointer) -> GitTree? {
        var oid = id.oid
        var tree: OpaquePointer?
        guard git_tree_lookup(&tree, repository, &oid) == 0, let tree else { return nil }
        return GitTree(owning: tree)
    }

    /// The entries, in the tree's order.
    var entries: [Entry] {
        let count = git_tree_entrycount(handle)
        var result: [Entry] = []
        result.reserveCapacity(count)
        for index in 0..<count {
            guard let entry = git_tree_entry_byindex(handle, index) else { continue }
            result.append(Self.entry(entry))
        }
        return result
    }

    /// The entry at `path` below this tree, or nil when there is none.
    func entry(atPath path: String) -> Entry? {
        var entry: OpaquePointer?
        guard git_tree_entry_bypath(&entry, handle, path) == 0, let entry else { return nil }
        return OwnedEntry(entry).value
    }

    private static func entry(_ entry: OpaquePointer) -> Entry {
        Entry(
            name: String(cString: git_tree_entry_name(entry)), id: ObjectID(git_tree_entry_id(entry)),
            mode: git_tree_entry_filemode(entry))
    }

    /// An entry looked up by path is the caller's to free (those read by index are the tree's).
    private final class OwnedEntry {
        private let handle: OpaquePointer
        init(_ handle: OpaquePointer) { self.handle = handle }
        deinit { git_tree_entry_free(handle) }
        var value: Entry { GitTree.entry(handle) }
    }
}
