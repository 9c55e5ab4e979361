package import AtriumCore
import AtriumYAML
package import Foundation

/// The evidence pack of a branch's first-parent history over a period: from the last commit
/// before `since` (the state the period starts in) to the last before `until`, oldest first.
///
/// Each commit's files are listed and checked as loading lists them (`GitSource.blobs`), and each
/// is decoded once per content (by path and blob id), so a commit costs about what it changed;
/// `EvidenceTracker` then works out again only the access those changes touch.
package final class EvidenceHistory {
    /// What the walk did, for `--stats`.
    package struct Stats: Sendable {
        package var commits = 0
        package var filesDecoded = 0
        /// Commits whose access was worked out whole (the first, and those changing more than workspaces).
        package var fullWorkings = 0
    }

    private let source: GitSource
    private let prefix: String
    private var parts: [String: EvidenceTracker.Part] = [:]
    package private(set) var stats = Stats()

    package init(repository: String, prefix: String) throws(GitError) {
        source = try GitSource(path: repository)
        self.prefix = GitSource.normalize(prefix)
    }

    package func pack(
        branch: String, since: Date, until: Date, drift: [EvidencePack.DriftRemoval]
    ) throws(GitError) -> EvidencePack {
        var tracker = EvidenceTracker(since: since)
        guard let last = try source.lastCommit(before: until, on: branch) else {
            return tracker.pack(until: until, drift: drift)
        }
        let start = Int64(since.timeIntervalSince1970)
        var commits: [GitCommit] = []
        var current: GitCommit? = try source.lookupCommit(last)
        while let commit = current {
            commits.append(commit)
            if commit.time < start { break }
            current = commit.parentCount > 0 ? commit.parent(0).commit : nil
        }
        for commit in commits.reversed() {
            let point = EvidencePack.Point(
                commit: commit.info, message: commit.message, committer: commit.committer,
                isMerge: commit.parentCount > 1, time: Date(timeIntervalSince1970: TimeInterval(commit.time)))
            tracker.add(point, parts: try source.blobs(at: commit, under: prefix).compactMap(part))
        }
        stats.commits = tracker.pointCount
        stats.fullWorkings = tracker.fullCount
        return tracker.pack(until: until, drift: drift)
    }

    /// A file's declarations, decoded once per content. A file loading would refuse (too large,
    /// not text) or cannot parse declares nothing, as when the state is loaded.
    private func part(_ file: (id: ObjectID, path: String)) -> EvidenceTracker.Part? {
        let key = "\(file.path)\u{0}\(file.id.sha)"
        if let known = parts[key] { return known }
        guard let blob = GitBlob.lookup(file.id, in: source.handle),
            SourceFileRules.size(blob.size, of: file.path) == nil
        else { return nil }
        let sourceFile = SourceFile(path: file.path, bytes: blob.bytes)
        guard SourceFileRules.content(of: sourceFile) == nil else { return nil }
        var decoder = DocumentDecoder()
        if let documents = try? YAMLParser.parse(sourceFile.bytes, file: file.path) {
            for document in documents { decoder.decode(document) }
        }
        stats.filesDecoded += 1
        let part = EvidenceTracker.Part(id: key, state: decoder.state)
        parts[key] = part
        return part
    }
}
