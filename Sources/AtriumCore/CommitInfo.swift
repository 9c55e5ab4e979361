import Foundation

/// A commit as provenance reports it: which change, by whom, when, and why.
public struct CommitInfo: Sendable, Codable, Hashable {
    /// The full SHA.
    public var sha: String
    public var author: String
    public var email: String
    /// The author date, RFC 3339 in UTC.
    public var date: String
    /// The first line of the message.
    public var subject: String

    public init(sha: String, author: String, email: String, date: String, subject: String) {
        self.sha = sha
        self.author = author
        self.email = email
        self.date = date
        self.subject = subject
    }

    /// `3f2a9c1d4e5b alice 2026-10-02 "Give QA use on the API workspace"`.
    public var summary: String {
        "\(sha.prefix(12)) \(author) \(date.prefix(10)) \"\(subject)\""
    }
}
