import AtriumCore
import Foundation

/// Which events a cycle makes, against the status before it: a new commit applied, drift
/// corrected (changes put back on the same commit), a head problem or a failure when it starts
/// or changes (not every cycle it lasts), and the expiry digest once a day.
struct EventDetector {
    /// How far ahead the digest looks (`--warn-expiry`).
    var window: Duration
    /// The day (`2026-12-06`, UTC) the last digest went out.
    var lastDigestDay: String?

    mutating func events(_ outcome: CycleOutcome, previous: ControllerStatus, now: Date) -> [ControllerEvent] {
        var events: [ControllerEvent] = []
        if outcome.applied > 0, let commit = outcome.commit {
            let sameCommit = previous.commit == commit
            events.append(
                sameCommit || outcome.headProblem != nil
                    ? .driftCorrected(commit: commit, changes: outcome.changes)
                    : .applied(commit: commit, author: outcome.author, changes: outcome.changes))
        }
        if let problem = outcome.headProblem, let head = outcome.headCommit,
            previous.headCommit != head || previous.headProblem != problem.rawValue
        {
            let why = outcome.headError ?? "the head cannot be enforced"
            events.append(problem == .invalid ? .headInvalid(head: head, why: why) : .headRefused(head: head, why: why))
        }
        if outcome.result == .failure || outcome.result == .refused, let error = outcome.error,
            previous.error != error || (previous.result != .failure && previous.result != .refused)
        {
            events.append(.failure(message: error))
        }
        let day = String(Timestamp.format(now).prefix(10))
        if !outcome.expiring.isEmpty, lastDigestDay != day {
            lastDigestDay = day
            events.append(.expiring(within: RuleViolation.days(window), items: outcome.expiring))
        }
        return events
    }
}
