/// Who may open a workspace by its URL alone (Gitpod's admission level).
public enum LinkLevel: String, Sendable, Hashable, Codable, CaseIterable {
    /// Only the owner and explicit grantees.
    case owner
    /// Anyone with the URL and an account on the server.
    case everyone
}
