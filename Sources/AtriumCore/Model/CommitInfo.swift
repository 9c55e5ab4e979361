import Foundation

/// A commit as provenance reports it: which change, by whom, when, and why.
///
/// A class, not a struct: one commit is shared by every grant it introduced, and a plan of
/// 100,000 changes holds a reference per source rather than five strings each.
public final class CommitInfo: Sendable, Codable, Hashable {
    /// The full SHA.
    public let sha: String
    public let author: String
    public let email: String
    /// The author date, RFC 3339 in UTC.
    public let date: String
    /// The first line of the message.
    public let subject: String

    public init(sha: String, author: String, email: String, date: String, subject: String) {
        self.sha = sha
        self.author = author
        self.email = email
        self.date = date
        self.subject = subject
    }

    public static func == (lhs: CommitInfo, rhs: CommitInfo) -> Bool {
        lhs.sha == rhs.sha && lhs.author == rhs.author && lhs.email == rhs.email && lhs.date == rhs.date
            && lhs.subject == rhs.subject
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(sha)
    }

    /// `3f2a9c1d4e5b alice 2026-10-02 "Give QA use on the API workspace"`.
    public var summary: String {
        "\(sha.prefix(12)) \(author) \(date.prefix(10)) \"\(subject)\""
    }
}
