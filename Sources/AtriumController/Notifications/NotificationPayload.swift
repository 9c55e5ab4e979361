import AtriumCore
import Crypto
import Foundation

/// The request each target gets for an event: a JSON body, its headers, where it goes. Nothing
/// secret is in a body: tokens go in headers, and only to the target's own origin.
struct NotificationPayload: Sendable {
    /// Who sends it: the controller, the repository and branch it follows.
    struct Sender: Sendable {
        var identity: String
        var repository: String
        var branch: String
    }

    var url: URL
    var body: Data
    var headers: [(String, String)]

    /// The request for `event` to `target`; nil when the target takes no such event (a commit
    /// status needs a commit).
    static func make(
        _ event: ControllerEvent, for target: NotificationTarget, sender: Sender, at now: Date, secret: String?,
        token: String?
    ) -> NotificationPayload? {
        switch target {
        case .slack(let url):
            return NotificationPayload(url: url, body: json(["text": slackText(event, sender: sender)]), headers: [])
        case .webhook(let url):
            let body = json(webhookObject(event, sender: sender, at: now))
            var headers: [(String, String)] = []
            if let secret { headers.append(("X-Atrium-Signature", signature(of: body, secret: secret))) }
            return NotificationPayload(url: url, body: body, headers: headers)
        case .github(let api):
            guard let commit = event.commit, let state = statusState(event, gitlab: false) else { return nil }
            let object = [
                "state": state, "context": "atrium/controller", "description": String(event.headline.prefix(140)),
            ]
            return NotificationPayload(
                url: api.appendingPathComponent("statuses").appendingPathComponent(commit), body: json(object),
                headers: token.map { [("Authorization", "Bearer \($0)")] } ?? [])
        case .gitlab(let api):
            guard let commit = event.commit, let state = statusState(event, gitlab: true) else { return nil }
            let object = [
                "state": state, "name": "atrium/controller", "description": String(event.headline.prefix(140)),
            ]
            return NotificationPayload(
                url: api.appendingPathComponent("statuses").appendingPathComponent(commit), body: json(object),
                headers: token.map { [("PRIVATE-TOKEN", $0)] } ?? [])
        }
    }

    /// `sha256=<hex HMAC-SHA256 of the body>`, keyed by the secret.
    static func signature(of body: Data, secret: String) -> String {
        let mac = HMAC<SHA256>.authenticationCode(for: body, using: SymmetricKey(data: Data(secret.utf8)))
        return "sha256=" + mac.map { String(format: "%02x", $0) }.joined()
    }

    static func webhookObject(_ event: ControllerEvent, sender: Sender, at now: Date) -> [String: Any] {
        var object: [String: Any] = [
            "event": event.kind, "headline": event.headline, "details": event.details,
            "controller": sender.identity, "repository": sender.repository, "branch": sender.branch,
            "at": Timestamp.format(now),
        ]
        if let commit = event.commit { object["commit"] = commit }
        if case .applied(_, let author?, _) = event { object["author"] = author }
        return object
    }

    /// Slack's mrkdwn: `&`, `<` and `>` escaped, so no text from git or the server makes a link
    /// or a mention; long lists cut.
    static func slackText(_ event: ControllerEvent, sender: Sender) -> String {
        func escaped(_ text: String) -> String {
            text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
                .replacingOccurrences(of: ">", with: "&gt;")
        }
        let details = event.details.prefix(20).map { "• \(escaped(String($0.prefix(300))))" }
        let more = event.details.count > 20 ? ["… and \(event.details.count - 20) more"] : []
        let head = "*Atrium* (\(escaped(sender.repository)) \(escaped(sender.branch))): \(escaped(event.headline))"
        return ([head] + details + more).joined(separator: "\n")
    }

    private static func statusState(_ event: ControllerEvent, gitlab: Bool) -> String? {
        switch event {
        case .applied, .driftCorrected: "success"
        case .headInvalid, .headRefused: gitlab ? "failed" : "failure"
        case .failure, .expiring: nil
        }
    }

    private static func json(_ object: [String: Any]) -> Data {
        (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes])) ?? Data()
    }
}
