package import AtriumCore
import AtriumYAML
package import Foundation

extension AccessDiff {
    /// Both sides of a diff read from git, with their findings.
    package struct Loaded: Sendable {
        package var diff: AccessDiff
        package var base: LoadResult
        package var head: LoadResult
    }

    /// Reads `base` and `head` from the repository and compares them. When `base` is a branch
    /// the diff starts at the merge base of it and `head`, so that only the changes made on
    /// `head` show (as a pull request shows them); tags and commits are used as they are.
    package static func load(repository: String, base: String, head: String, prefix: String, now: Date) throws(GitError)
        -> Loaded
    {
        let source = try GitSource(path: repository)
        let headCommit = try source.resolve(head)
        var baseRevision = Revision(name: base, commit: try source.resolve(base))
        if source.isBranch(base) {
            let mergeBase = try source.mergeBase(base, headCommit)
            if mergeBase != baseRevision.commit { baseRevision.mergeBase = mergeBase }
        }
        let baseResult = DesiredStateLoader.load(
            try source.snapshot(at: baseRevision.mergeBase ?? baseRevision.commit, under: prefix), now: now)
        let headResult = DesiredStateLoader.load(try source.snapshot(at: headCommit, under: prefix), now: now)
        var diff = compare(
            base: baseResult.state, head: headResult.state, now: now, baseRevision: baseRevision,
            headRevision: Revision(name: head, commit: headCommit))
        try ProvenanceTracer(source: source, prefix: prefix).annotate(&diff)
        diff.ruleViolations = headResult.ruleViolations
        return Loaded(diff: diff, base: baseResult, head: headResult)
    }
}
