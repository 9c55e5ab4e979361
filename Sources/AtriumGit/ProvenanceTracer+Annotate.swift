package import AtriumCore
import AtriumYAML
import Foundation

/// Fills in the commits behind plans, comparisons and access reviews: one history walk for all
/// their sources.
extension ProvenanceTracer {
    /// Traces every source with a key (present at `revision`) and every key in `removals`
    /// (absent there); then sets `commit` on each source (through `sources`, which visits them in
    /// the same order both times) and returns, per removal, the commit that removed the first of
    /// its keys git ever declared.
    private func annotate(
        revision: String, removals: [[ProvenanceKey]], sources visit: (_ body: (inout Declaration) -> Void) -> Void
    ) throws(GitError) -> [CommitInfo?] {
        var batch = Batch()
        var ids: [Int32] = []
        visit { source in ids.append(source.key.map { declare($0, at: source.file, in: &batch) } ?? -1) }
        let removalIDs = removals.map { keys in keys.map { undeclared($0, in: &batch) } }
        let (introduced, removed) = try trace(batch, from: revision)
        var next = 0
        visit { source in
            let id = ids[next]
            next += 1
            if id >= 0, introduced[Int(id)] >= 0 { source.commit = commits[Int(introduced[Int(id)])] }
        }
        return removalIDs.map { ids in
            ids.lazy.compactMap { removed[Int($0)] >= 0 ? self.commits[Int(removed[Int($0)])] : nil }.first
        }
    }

    /// Keys an unshare of `subject` (holding `role`) on `workspace` may have been declared as.
    private static func removalKeys(_ workspace: String, _ subject: Subject?, _ role: Role?) -> [ProvenanceKey] {
        guard let id = WorkspaceID(workspace), let subject else { return [] }
        let roles = role.map { first in [first] + Role.allCases.filter { $0 != first } } ?? Role.allCases
        return roles.map { .grant(workspace: id, subject: subject, role: $0) }
    }

    /// Sets the commit on every source of the plan and `removedIn` on unshares of grants git
    /// once declared.
    package func annotate(_ plan: inout Plan, revision: String) throws(GitError) {
        let removals = plan.actions.map { action -> [ProvenanceKey] in
            guard case .revoke(let workspace, let subject, let was) = action.change, action.sources.isEmpty else {
                return []
            }
            return Self.removalKeys(workspace.description, subject, was)
        }
        let removed = try annotate(revision: revision, removals: removals) { body in
            for action in plan.actions.indices {
                for source in plan.actions[action].sources.indices { body(&plan.actions[action].sources[source]) }
            }
        }
        for index in plan.actions.indices where removed[index] != nil { plan.actions[index].removedIn = removed[index] }
    }

    package func annotate(_ comparison: inout AccessComparison, revision: String) throws(GitError) {
        let removals = comparison.rows.map { row in
            row.desired == nil ? Self.removalKeys(comparison.workspace, row.subject, row.live) : []
        }
        let removed = try annotate(revision: revision, removals: removals) { body in
            for row in comparison.rows.indices {
                for source in comparison.rows[row].sources.indices { body(&comparison.rows[row].sources[source]) }
            }
            if comparison.linkSource != nil { body(&comparison.linkSource!) }
        }
        for index in comparison.rows.indices { comparison.rows[index].removedIn = removed[index] }
    }

    /// Sets the commit on the sources of gains, role changes and link changes: who, in the
    /// pull request, made each change.
    package func annotate(_ diff: inout AccessDiff) throws(GitError) {
        _ = try annotate(revision: diff.head.commit, removals: []) { body in
            for change in diff.changes.indices {
                for source in diff.changes[change].sources.indices { body(&diff.changes[change].sources[source]) }
            }
        }
    }

    package func annotate(_ review: inout AccessReview) throws(GitError) {
        let removals = review.rows.map { row in
            row.status == .notDeclared
                ? Self.removalKeys(row.workspace, Subject(row.subject), row.liveRole.flatMap(Role.init(rawValue:))) : []
        }
        let removed = try annotate(revision: review.revision.commit, removals: removals) { body in
            for row in review.rows.indices {
                for source in review.rows[row].sources.indices { body(&review.rows[row].sources[source]) }
                if review.rows[row].via != nil { body(&review.rows[row].via!) }  // checked just above
            }
        }
        for index in review.rows.indices { review.rows[index].removedIn = removed[index] }
    }
}
