package import Foundation

/// Where the controller tells people what it did: a Slack or Mattermost incoming webhook, a
/// signed JSON webhook, or commit statuses on GitHub or GitLab. The URL of an incoming webhook is
/// a secret: it is shown by origin only.
package enum NotificationTarget: Sendable, Hashable, CustomStringConvertible {
    /// `slack:https://hooks.slack.com/services/...`: `{"text": ...}`, as Slack and Mattermost take it.
    case slack(URL)
    /// `webhook:https://...`: the event as JSON, signed with `X-Atrium-Signature`.
    case webhook(URL)
    /// `github:https://api.github.com/repos/OWNER/REPO`: a commit status on the applied commit.
    case github(URL)
    /// `gitlab:https://gitlab.example.com/api/v4/projects/ID`: a commit status on the applied commit.
    case gitlab(URL)

    /// Reads `KIND:URL`; nil with a reason when it is not one.
    package static func parse(_ text: String) -> Result<NotificationTarget, NotificationTargetError> {
        guard let colon = text.firstIndex(of: ":") else {
            return .failure(.init(text: text, reason: "is not KIND:URL (slack:, webhook:, github:, gitlab:)"))
        }
        let kind = String(text[..<colon])
        let rest = String(text[text.index(after: colon)...])
        guard let url = URL(string: rest), let scheme = url.scheme?.lowercased(), ["http", "https"].contains(scheme),
            url.host != nil
        else {
            return .failure(.init(text: kind, reason: "needs an http:// or https:// URL"))
        }
        switch kind {
        case "slack": return .success(.slack(url))
        case "webhook": return .success(.webhook(url))
        case "github": return .success(.github(url))
        case "gitlab": return .success(.gitlab(url))
        default: return .failure(.init(text: kind, reason: "is not one of slack, webhook, github, gitlab"))
        }
    }

    var url: URL {
        switch self {
        case .slack(let url), .webhook(let url), .github(let url), .gitlab(let url): url
        }
    }

    /// `slack hooks.slack.com`: the kind and the origin, never the secret path.
    package var description: String {
        let kind =
            switch self {
            case .slack: "slack"
            case .webhook: "webhook"
            case .github: "github"
            case .gitlab: "gitlab"
            }
        return "\(kind) \(url.scheme ?? "https")://\(url.host ?? "")\(url.port.map { ":\($0)" } ?? "")"
    }
}

/// Why a `--notify` value was refused (the value is not repeated: it may hold a secret).
package struct NotificationTargetError: Error, Sendable, CustomStringConvertible {
    var text: String
    var reason: String
    package var description: String { "--notify `\(text):…` \(reason)" }
}
