package import AtriumCore
import AtriumYAML
internal import CLibGit2
import Foundation

/// Finds which commit introduced each grant still declared, and which commit removed each grant
/// no longer declared, by walking history through libgit2 as `git blame` does for lines.
///
/// A key present at a commit is passed to the first parent that also has it (so a change made
/// on a branch is credited to the branch's commit, not to the merge); the commit where no parent
/// has it introduced it. A key absent at a commit is passed to every parent that also lacks it
/// (a removal made on a branch is credited to the branch's commit); the commit where every
/// parent has it removed it. When the only removal found is a merge that dropped the key one
/// parent had, the merge is credited. Keys are matched by what they grant (see
/// `ProvenanceKey`), so moving a grant between files or renaming a file keeps its origin.
///
/// What is expensive is cached for the tracer's life: each blob is parsed once (keyed by its id),
/// identical subtrees are skipped without being read, and commit metadata is read once.
package final class ProvenanceTracer {
    package struct Result: Sendable {
        package init(commitsWalked: Int = 0, blobsParsed: Int = 0) {
            self.commitsWalked = commitsWalked
            self.blobsParsed = blobsParsed
        }

        /// For keys declared at the start: the commit that introduced each.
        package var introduced: [ProvenanceKey: CommitInfo] = [:]
        /// For keys not declared at the start: the commit that removed each (absent when the key
        /// was never declared in this history).
        package var removed: [ProvenanceKey: CommitInfo] = [:]
        package var commitsWalked = 0
        package var blobsParsed = 0
    }

    private let source: GitSource
    /// Only files under this folder (or this file) count, as for loading: in a repository with
    /// one folder per environment, a grant copied from `prod/` into `staging/` was introduced to
    /// staging by the commit that copied it.
    private let prefix: String
    private var keyIndex: [ProvenanceKey: Int32] = [:]
    private var keys: [ProvenanceKey] = []
    private var pathIndex: [String: Int32] = [:]
    /// Per blob, the traced keys it declares, as of `generation` (how many keys were interned
    /// then): a later trace that interns more keys parses the blob again rather than trust an
    /// answer that could not know them.
    private var blobKeys: [ObjectID: (keys: [Int32], generation: Int)] = [:]
    /// Totals over every trace this tracer ran, for `--stats`.
    package private(set) var blobsParsed = 0
    package private(set) var commitsWalked = 0

    package init(source: GitSource, prefix: String = "") {
        self.source = source
        self.prefix = GitSource.normalize(prefix)
    }

    /// Whether `path` is, or may hold, desired state under the prefix.
    private func covers(_ path: String, isFolder: Bool) -> Bool {
        if prefix.isEmpty || path == prefix || path.hasPrefix(prefix + "/") { return true }
        return isFolder && prefix.hasPrefix(path + "/")
    }

    /// One key at one path; `path == -1` for a key that is not declared.
    fileprivate struct Pair: Hashable {
        var key: Int32
        var path: Int32
    }

    /// Traces `present` (keys declared at `revision`, with the files declaring them) and `absent`
    /// (keys not declared there) back through the history of `revision`.
    package func trace(present: [ProvenanceKey: Set<String>], absent: Set<ProvenanceKey>, from revision: String)
        throws(GitError) -> Result
    {
        var start: [Pair] = []
        for (key, files) in present {
            let id = intern(key)
            for file in files { start.append(Pair(key: id, path: internPath(file))) }
        }
        for key in absent where present[key] == nil {
            start.append(Pair(key: intern(key), path: -1))
        }
        let found = try walk(start, from: revision)
        var result = Result(commitsWalked: found.commitsWalked, blobsParsed: blobsParsed)
        for (index, commit) in found.introduced.enumerated() where commit >= 0 {
            result.introduced[keys[index]] = commits[Int(commit)]
        }
        for (index, commit) in found.removed.enumerated() where commit >= 0 {
            result.removed[keys[index]] = commits[Int(commit)]
        }
        return result
    }

    /// Where many declarations are traced at once: each is interned once and its answer read
    /// back by index, so that 100,000 grants cost one hash of each key.
    struct Batch {
        /// Per declaration, its key's index (or -1 when it has no key).
        var ids: [Int32] = []
        fileprivate var pairs: [Pair] = []
    }

    /// Adds a declared key at `file`; returns its index.
    func declare(_ key: ProvenanceKey, at file: String, in batch: inout Batch) -> Int32 {
        let id = intern(key)
        batch.pairs.append(Pair(key: id, path: internPath(file)))
        return id
    }

    /// Adds a key that is not declared; returns its index.
    func undeclared(_ key: ProvenanceKey, in batch: inout Batch) -> Int32 {
        let id = intern(key)
        batch.pairs.append(Pair(key: id, path: -1))
        return id
    }

    /// Traces a batch: per key index, the introducing (declared) or removing (undeclared) commit,
    /// as an index into `commits` (-1 for none), so that 100,000 answers stay small.
    func trace(_ batch: Batch, from revision: String) throws(GitError) -> (introduced: [Int32], removed: [Int32]) {
        // A key both declared and not (asked for twice) is declared.
        var declared = [Bool](repeating: false, count: keys.count)
        for pair in batch.pairs where pair.path >= 0 { declared[Int(pair.key)] = true }
        let start = batch.pairs.filter { $0.path >= 0 || !declared[Int($0.key)] }
        let found = try walk(start, from: revision)
        return (found.introduced, found.removed)
    }

    /// The commits the answers of `trace(_:from:)` index.
    private(set) var commits: [CommitInfo] = []
    private var commitIndex: [ObjectID: Int32] = [:]

    /// What the walk knows so far: answers per key, the pairs waiting at each commit to come.
    private struct WalkState {
        var introduced: [Int32]
        var removed: [Int32]
        var pending: [ObjectID: [Pair]] = [:]
        var resolved = Set<Int32>()
        /// Merges that dropped a key one parent had, credited when no branch removed it.
        var fallback: [Int32: Int32] = [:]
        var walked = 0

        init(keys: Int) {
            introduced = [Int32](repeating: -1, count: keys)
            removed = [Int32](repeating: -1, count: keys)
        }
    }

    /// The walk itself, over interned pairs: newest commits first, each pair passed to the
    /// parents that have it unchanged until the commit that introduced it.
    private func walk(_ pairs: [Pair], from revision: String) throws(GitError) -> (
        introduced: [Int32], removed: [Int32], commitsWalked: Int
    ) {
        var state = WalkState(keys: keys.count)
        let start = Self.unique(pairs)
        guard !start.isEmpty else { return (state.introduced, state.removed, 0) }
        let headID = try source.lookupCommit(revision).id
        guard let walk = GitRevisionWalk(from: headID, in: source.repository) else {
            throw source.missingObject("the history of `\(revision)`")
        }
        state.pending[headID] = start
        while !state.pending.isEmpty, let id = walk.next() {
            guard let pairs = state.pending.removeValue(forKey: id) else { continue }
            state.walked += 1
            commitsWalked += 1
            try visit(id, pairs: pairs, state: &state)
        }
        for (key, info) in state.fallback where !state.resolved.contains(key) {
            state.removed[Int(key)] = info
        }
        return (state.introduced, state.removed, state.walked)
    }

    /// The pairs sorted, each once.
    private static func unique(_ pairs: [Pair]) -> [Pair] {
        let sorted = pairs.sorted { ($0.key, $0.path) < ($1.key, $1.path) }
        var unique: [Pair] = []
        unique.reserveCapacity(sorted.count)
        for pair in sorted where unique.last != pair { unique.append(pair) }
        return unique
    }

    /// One commit: pairs its parents have unchanged go on to them; the rest were introduced (or,
    /// for keys absent here, removed) by this commit.
    private func visit(_ id: ObjectID, pairs: [Pair], state: inout WalkState) throws(GitError) {
        guard let commit = GitCommit.lookup(id, in: source.repository) else {
            throw source.missingObject("commit \(id.sha.prefix(12))")
        }
        guard let tree = commit.tree() else {
            throw source.missingObject("the tree of commit \(id.sha.prefix(12))")
        }
        var step = ParentStep(
            remaining: pairs.filter { $0.path >= 0 },
            absent: pairs.compactMap { $0.path < 0 && !state.resolved.contains($0.key) ? $0.key : nil })
        let parentCount = commit.parentCount
        for index in 0..<parentCount where !step.remaining.isEmpty || !step.absent.isEmpty {
            // A shallow clone's boundary has no parent objects: credit what is left to it.
            guard let parent = commit.parent(index).commit else { break }
            step.reachedParent = true
            try pass(&step, to: parent, from: tree, pending: &state.pending)
        }
        // A merge that dropped a key one parent had, in case no branch removed it.
        for (key, count) in step.havingParents where count < parentCount && state.fallback[key] == nil {
            state.fallback[key] = info(for: id, commit: commit)
        }
        step.absent.removeAll { step.lackingParents.contains($0) }
        guard !step.remaining.isEmpty || !step.absent.isEmpty else { return }
        let info = info(for: id, commit: commit)
        for key in step.absent where step.reachedParent && step.havingParents[key] == parentCount {
            state.removed[Int(key)] = info
            state.resolved.insert(key)
        }
        for pair in step.remaining { state.introduced[Int(pair.key)] = info }
    }

    /// A commit's pairs as its parents are looked at, one after another.
    private struct ParentStep {
        var remaining: [Pair]
        var absent: [Int32]
        var lackingParents = Set<Int32>()
        var havingParents = [Int32: Int]()
        var reachedParent = false
    }

    /// Passes to `parent` the pairs it has unchanged (and the absent keys it lacks too).
    private func pass(
        _ step: inout ParentStep, to parent: GitCommit, from tree: GitTree, pending: inout [ObjectID: [Pair]]
    ) throws(GitError) {
        guard let parentTree = parent.tree() else { return }
        let parentID = parent.id
        var changes: [String: ObjectID?] = [:]
        try diff(old: parentTree, new: tree, prefix: "", into: &changes)
        let split = try split(step.remaining, absent: step.absent, changes: changes)
        step.remaining = split.kept
        var passed = split.passed
        for key in split.lacking {
            step.lackingParents.insert(key)
            passed.append(Pair(key: key, path: -1))
        }
        for key in split.having { step.havingParents[key, default: 0] += 1 }
        if !passed.isEmpty { add(passed, to: parentID, in: &pending) }
    }

    // MARK: - One step back

    /// Splits a commit's declared pairs (sorted by key) into those its parent also has
    /// (`passed`, with their paths in the parent) and those it does not (`kept`); and its
    /// undeclared keys into those the parent lacks too and those the parent has.
    private func split(
        _ pairs: [Pair], absent: [Int32], changes: [String: ObjectID?]
    ) throws(GitError) -> (passed: [Pair], kept: [Pair], lacking: [Int32], having: [Int32]) {
        if changes.isEmpty { return (pairs, [], absent, []) }
        // The changed paths, and which keys their parent versions declare.
        var changed: [Int32: Bool] = [:]
        var oldPaths: [Int32: [Int32]] = [:]
        for (path, old) in changes {
            let pathID = internPath(path)
            changed[pathID] = true
            if let old {
                for key in try keys(inBlob: old, path: path) { oldPaths[key, default: []].append(pathID) }
            }
        }
        var passed: [Pair] = []
        var kept: [Pair] = []
        passed.reserveCapacity(pairs.count)
        var index = 0
        while index < pairs.count {
            let key = pairs[index].key
            var end = index
            var survives = false
            while end < pairs.count && pairs[end].key == key {
                if changed[pairs[end].path] == nil { survives = true }
                end += 1
            }
            if survives || oldPaths[key] != nil {
                for pair in pairs[index..<end] where changed[pair.path] == nil { passed.append(pair) }
                for path in oldPaths[key] ?? [] { passed.append(Pair(key: key, path: path)) }
            } else {
                kept.append(contentsOf: pairs[index..<end])
            }
            index = end
        }
        if passed.count > 1 && !isSorted(passed) { passed.sort { ($0.key, $0.path) < ($1.key, $1.path) } }
        let lacking = absent.filter { oldPaths[$0] == nil }
        let having = absent.filter { oldPaths[$0] != nil }
        return (passed, kept, lacking, having)
    }

    private func isSorted(_ pairs: [Pair]) -> Bool {
        for index in 1..<pairs.count
        where (pairs[index - 1].key, pairs[index - 1].path) > (pairs[index].key, pairs[index].path) { return false }
        return true
    }

    private func add(_ pairs: [Pair], to parent: ObjectID, in pending: inout [ObjectID: [Pair]]) {
        guard var existing = pending.removeValue(forKey: parent) else {
            pending[parent] = pairs
            return
        }
        // Reached from two children (a fork): keep one of each pair. A key reaches a commit
        // either declared or not, never both: it is passed only to parents that agree.
        existing.append(contentsOf: pairs)
        existing.sort { ($0.key, $0.path) < ($1.key, $1.path) }
        var unique: [Pair] = []
        unique.reserveCapacity(existing.count)
        for pair in existing where unique.last != pair { unique.append(pair) }
        pending[parent] = unique
    }

    // MARK: - Trees and blobs

    /// The YAML paths that differ between two trees, each with its blob id in `old` (`nil` when
    /// the path is new). Subtrees with the same id are skipped unread.
    private func diff(old: GitTree?, new: GitTree?, prefix: String, into changes: inout [String: ObjectID?])
        throws(GitError)
    {
        func entries(_ tree: GitTree?) -> [String: GitTree.Entry] {
            guard let tree else { return [:] }
            return Dictionary(tree.entries.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
        }
        let before = entries(old)
        let after = entries(new)
        for name in Set(before.keys).union(after.keys) {
            let a = before[name]
            let b = after[name]
            if let a, let b, a.id == b.id, a.mode == b.mode { continue }
            let path = prefix.isEmpty ? name : "\(prefix)/\(name)"
            let isFolder = a?.isTree == true || b?.isTree == true
            guard covers(path, isFolder: isFolder) else { continue }
            if isFolder {
                let oldTree = a?.isTree == true ? try lookupTree(a!.id, path) : nil
                let newTree = b?.isTree == true ? try lookupTree(b!.id, path) : nil
                try diff(old: oldTree, new: newTree, prefix: path, into: &changes)
            }
            guard SourceFile.isYAML(path) else { continue }
            let oldBlob = a.flatMap { $0.isTree || $0.isLinkOrSubmodule ? nil : $0.id }
            let newBlob = b.flatMap { $0.isTree || $0.isLinkOrSubmodule ? nil : $0.id }
            if oldBlob != nil || newBlob != nil { changes[path] = oldBlob }
        }
    }

    private func lookupTree(_ id: ObjectID, _ path: String) throws(GitError) -> GitTree {
        guard let tree = GitTree.lookup(id, in: source.repository) else {
            throw source.missingObject("the folder `\(path)`")
        }
        return tree
    }

    /// The traced keys a blob declares (parsed once per blob id while no new key is traced;
    /// blobs that do not parse declare what their valid documents declare).
    private func keys(inBlob id: ObjectID, path: String) throws(GitError) -> [Int32] {
        if let cached = blobKeys[id], cached.generation == keys.count { return cached.keys }
        guard let blob = GitBlob.lookup(id, in: source.repository) else {
            throw source.missingObject("the file `\(path)`")
        }
        let size = blob.size
        var found: [Int32] = []
        if size > 0, size <= SourceFile.maxSize {
            let bytes = blob.bytes
            blobsParsed += 1
            if let documents = try? YAMLParser.parse(bytes, file: path) {
                var decoder = DocumentDecoder()
                for document in documents { decoder.decode(document) }
                for key in ProvenanceKey.keys(in: decoder.state).keys {
                    if let index = keyIndex[key] { found.append(index) }
                }
            }
        }
        blobKeys[id] = (found, keys.count)
        return found
    }

    // MARK: - Interning

    private func intern(_ key: ProvenanceKey) -> Int32 {
        if keyIndex.isEmpty { keyIndex.reserveCapacity(1024) }
        if let index = keyIndex[key] { return index }
        let index = Int32(keys.count)
        keys.append(key)
        keyIndex[key] = index
        return index
    }

    private func internPath(_ path: String) -> Int32 {
        if let index = pathIndex[path] { return index }
        let index = Int32(pathIndex.count)
        pathIndex[path] = index
        return index
    }

    /// The commit's index in `commits`, read once.
    private func info(for id: ObjectID, commit: GitCommit) -> Int32 {
        if let cached = commitIndex[id] { return cached }
        let index = Int32(commits.count)
        commits.append(commit.info)
        commitIndex[id] = index
        return index
    }
}
