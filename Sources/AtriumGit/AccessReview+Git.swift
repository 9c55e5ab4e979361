package import AtriumCore
import AtriumYAML
package import Foundation

extension AccessReview {
    /// The desired state at a point in time, read from git, and the instant it is judged at.
    package struct PointInTime: Sendable {
        package var loaded: LoadResult
        package var revision: AccessDiff.Revision
        package var judgedAt: Date
    }

    /// Reads the desired state `at` a revision (judged at `now`) or a date (the last commit on
    /// `branch` before it, judged at that date). `nil` when the branch has no commit before the date.
    package static func pointInTime(
        repository: String, at: String, on branch: String, prefix: String, now: Date
    ) throws(GitError) -> PointInTime? {
        let git = try GitSource(path: repository)
        guard let point = try git.pointInTime(at, on: branch) else { return nil }
        let judgedAt = point.date ?? now
        let loaded = DesiredStateLoader.load(try git.snapshot(at: point.commit, under: prefix), now: judgedAt)
        return PointInTime(
            loaded: loaded, revision: AccessDiff.Revision(name: point.name, commit: point.commit), judgedAt: judgedAt)
    }
}
