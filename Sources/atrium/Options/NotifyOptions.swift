import ArgumentParser
import AtriumController
import AtriumCore

/// Where `atrium controller` tells people what it did.
struct NotifyOptions: ParsableArguments {
    @Option(
        name: .customLong("notify"),
        help: ArgumentHelp(
            "Tell a target about applies, drift corrected, head problems, failures and expiring grants: "
                + "slack:URL (Slack, Mattermost), webhook:URL (signed JSON), github:API/repos/OWNER/REPO or "
                + "gitlab:API/projects/ID (commit statuses). Repeatable.",
            valueName: "kind:url"))
    var targets: [String] = []

    @Option(help: "The key of webhook bodies' X-Atrium-Signature (sha256=HMAC), in a file.")
    var notifySecretFile: String?

    @Option(help: "The token for GitHub or GitLab commit statuses, in a file (sent only to that API's origin).")
    var notifyTokenFile: String?

    @Option(help: ArgumentHelp("How long one delivery may take: 5s, 10s.", valueName: "duration"))
    var notifyTimeout = "5s"

    @Option(help: ArgumentHelp("The daily digest lists what expires within this: 7d, 48h.", valueName: "duration"))
    var warnExpiry = "7d"

    func settings() throws -> Notifier.Settings {
        let parsed = try targets.map { text in
            switch NotificationTarget.parse(text) {
            case .success(let target): return target
            case .failure(let error): throw ValidationError(error.description)
            }
        }
        guard let timeout = IntervalText.parse(notifyTimeout), timeout >= .milliseconds(100) else {
            throw ValidationError("--notify-timeout takes a duration of 100ms or more, not `\(notifyTimeout)`")
        }
        return Notifier.Settings(
            targets: parsed,
            secret: try notifySecretFile.map { try SecretFile.read($0, what: "--notify-secret-file") },
            token: try notifyTokenFile.map { try SecretFile.read($0, what: "--notify-token-file") }, timeout: timeout)
    }

    func window() throws -> Duration {
        guard let window = IntervalText.parse(warnExpiry), window > .zero else {
            throw ValidationError("--warn-expiry takes a duration such as 7d or 48h, not `\(warnExpiry)`")
        }
        return window
    }
}
