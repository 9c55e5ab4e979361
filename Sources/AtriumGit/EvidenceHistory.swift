package import AtriumCore
import AtriumYAML
internal import CLibGit2
package import Foundation

/// The desired state along a branch's first-parent history over a period, for the evidence
/// pack: the last commit before `since` (the state the period starts in), then every commit up
/// to `until`, oldest first.
package enum EvidenceHistory {
    package static func points(
        repository: String, branch: String, prefix: String, since: Date, until: Date
    ) throws(GitError) -> [EvidencePack.Point] {
        let source = try GitSource(path: repository)
        guard let last = try source.lastCommit(before: until, on: branch) else { return [] }
        let start = Int64(since.timeIntervalSince1970)
        var commits: [GitCommit] = []
        var current: GitCommit? = try source.lookupCommit(last)
        while let commit = current {
            commits.append(commit)
            if commit.time < start { break }
            current = commit.parentCount > 0 ? commit.parent(0).commit : nil
        }
        let folder = GitSource.normalize(prefix)
        var points: [EvidencePack.Point] = []
        for commit in commits.reversed() {
            let time = Date(timeIntervalSince1970: TimeInterval(commit.time))
            let state = DesiredStateLoader.load(try source.snapshot(at: commit.sha, under: folder), now: time).state
            points.append(
                EvidencePack.Point(
                    commit: commit.info, message: commit.message, committer: commit.committer,
                    isMerge: commit.parentCount > 1, time: time, state: state))
        }
        return points
    }
}
