package import AtriumCore
import Foundation

/// What the controller tells people, one case per event, each with exactly its data.
package enum ControllerEvent: Sendable, Equatable {
    /// A new commit was applied: what changed, the commit and its author.
    case applied(commit: String, author: String?, changes: [String])
    /// The same commit's changes were put back: someone changed the server by hand.
    case driftCorrected(commit: String, changes: [String])
    /// The branch's head is not enforced (the last good commit is): why, and how to fix it.
    case headInvalid(head: String, why: String)
    case headRefused(head: String, why: String)
    /// A cycle failed.
    case failure(message: String)
    /// Grants and memberships that expire soon (once a day).
    case expiring(within: String, items: [String])

    /// `applied`, `drift-corrected`, `head-invalid`, `head-refused`, `failure`, `expiring`.
    package var kind: String {
        switch self {
        case .applied: "applied"
        case .driftCorrected: "drift-corrected"
        case .headInvalid: "head-invalid"
        case .headRefused: "head-refused"
        case .failure: "failure"
        case .expiring: "expiring"
        }
    }

    /// The commit a status goes on, when the event has one.
    var commit: String? {
        switch self {
        case .applied(let commit, _, _), .driftCorrected(let commit, _): commit
        case .headInvalid(let head, _), .headRefused(let head, _): head
        case .failure, .expiring: nil
        }
    }

    /// One line for people (a Slack message's first line, a commit status's description).
    package var headline: String {
        switch self {
        case .applied(let commit, let author, let changes):
            "Applied \(commit.prefix(12))\(author.map { " by \($0)" } ?? ""): \(Self.count(changes.count))"
        case .driftCorrected(let commit, let changes):
            "Corrected drift at \(commit.prefix(12)): \(Self.count(changes.count)) made by hand were undone"
        case .headInvalid(let head, _):
            "The head \(head.prefix(12)) is invalid: the last good commit is enforced (fix it; atrium validate)"
        case .headRefused(let head, _):
            "The head \(head.prefix(12)) was refused by a guard: the last good commit is enforced"
        case .failure: "A cycle failed"
        case .expiring(let within, let items): "\(Self.count(items.count, "grant")) expire within \(within)"
        }
    }

    /// The lines under the headline: the changes, the reason, the expiring grants.
    package var details: [String] {
        switch self {
        case .applied(_, _, let changes), .driftCorrected(_, let changes): changes
        case .headInvalid(_, let why), .headRefused(_, let why): [why]
        case .failure(let message): [message]
        case .expiring(_, let items): items
        }
    }

    private static func count(_ count: Int, _ noun: String = "change") -> String {
        "\(count) \(noun)\(count == 1 ? "" : "s")"
    }
}
