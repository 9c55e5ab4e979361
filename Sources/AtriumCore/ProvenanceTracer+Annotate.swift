import Foundation

/// Fills in the commits behind plans, comparisons and access reviews: one history walk for all
/// their sources.
extension ProvenanceTracer {
    /// A place to write a traced commit into.
    private enum Slot {
        case source(Int, Int)
        case removed(Int, [ProvenanceKey])
    }

    /// Traces every source with a key (present at `revision`) and every key in `removals`
    /// (absent there), then returns the sources with `commit` set and, per removal, the commit
    /// that removed the first of its keys git ever declared.
    private func annotate(
        _ groups: [[PlanAction.Source]], removals: [[ProvenanceKey]], revision: String
    ) throws(GitError) -> (sources: [[PlanAction.Source]], removed: [CommitInfo?]) {
        var batch = Batch()
        let sourceIDs = groups.map { sources in
            sources.map { source in source.key.map { declare($0, at: source.file, in: &batch) } ?? -1 }
        }
        let removalIDs = removals.map { keys in keys.map { undeclared($0, in: &batch) } }
        let (introduced, removed) = try trace(batch, from: revision)
        var annotated = groups
        for (group, ids) in sourceIDs.enumerated() {
            for (index, id) in ids.enumerated() where id >= 0 {
                annotated[group][index].commit = introduced[Int(id)]
            }
        }
        let removedIn = removalIDs.map { ids in ids.lazy.compactMap { removed[Int($0)] }.first }
        return (annotated, removedIn)
    }

    /// Keys an unshare of `subject` (holding `role`) on `workspace` may have been declared as.
    private static func removalKeys(_ workspace: String, _ subject: String?, _ role: Role?) -> [ProvenanceKey] {
        guard let id = WorkspaceID(workspace), let subject = subject.flatMap(Self.subject) else { return [] }
        let roles = role.map { first in [first] + Role.allCases.filter { $0 != first } } ?? Role.allCases
        return roles.map { .grant(workspace: id, subject: subject, role: $0) }
    }

    private static func subject(_ text: String) -> Subject? {
        if text.hasPrefix("user:") { return .user(String(text.dropFirst(5))) }
        if text.hasPrefix("group:") { return .group(String(text.dropFirst(6))) }
        return nil
    }

    /// Sets the commit on every source of the plan and `removedIn` on unshares of grants git
    /// once declared.
    public func annotate(_ plan: inout Plan, revision: String) throws(GitError) {
        let removals = plan.actions.map { action in
            action.kind == .unshare && action.sources.isEmpty ? Self.removalKeys(action.workspace, action.subject, action.previousRole) : []
        }
        let (sources, removed) = try annotate(plan.actions.map(\.sources), removals: removals, revision: revision)
        for index in plan.actions.indices {
            plan.actions[index].sources = sources[index]
            plan.actions[index].removedIn = removed[index]
        }
    }

    public func annotate(_ comparison: inout AccessComparison, revision: String) throws(GitError) {
        let removals = comparison.rows.map { row in
            row.desired == nil ? Self.removalKeys(comparison.workspace, row.subject, row.live) : []
        }
        let groups = comparison.rows.map(\.sources) + [comparison.linkSource.map { [$0] } ?? []]
        let (sources, removed) = try annotate(groups, removals: removals + [[]], revision: revision)
        for index in comparison.rows.indices {
            comparison.rows[index].sources = sources[index]
            comparison.rows[index].removedIn = removed[index]
        }
        comparison.linkSource = sources.last?.first
    }

    /// Sets the commit on the sources of gains, role changes and link changes: who, in the
    /// pull request, made each change.
    public func annotate(_ diff: inout AccessDiff) throws(GitError) {
        let (sources, _) = try annotate(diff.changes.map(\.sources), removals: [], revision: diff.head.commit)
        for index in diff.changes.indices { diff.changes[index].sources = sources[index] }
    }

    public func annotate(_ review: inout AccessReview) throws(GitError) {
        let removals = review.rows.map { row in
            row.status == .notDeclared ? Self.removalKeys(row.workspace, row.subject, row.liveRole.flatMap(Role.init(rawValue:))) : []
        }
        let (sources, removed) = try annotate(review.rows.map(\.sources), removals: removals, revision: review.revision.commit)
        for index in review.rows.indices {
            review.rows[index].sources = sources[index]
            review.rows[index].removedIn = removed[index]
        }
    }
}
