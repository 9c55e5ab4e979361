package import AtriumClient
package import AtriumCore
package import AtriumGit
import Foundation

/// What one controller does: which branch of which remote it follows, how often, against
/// which server, and whether it only reports.
package struct ControllerConfiguration: Sendable {
    /// Makes a client for the server the desired state's config names; the observer sees every
    /// answer's status (for `atrium_http_requests_total`).
    package typealias Connect = @Sendable (Config, @escaping @Sendable (Int?) -> Void) throws -> ServerClient

    package var remote: GitMirror.Remote
    /// Where the bare mirror is kept.
    package var checkoutDirectory: String
    /// The folder or file in the repository that holds the desired state.
    package var prefix: String
    package var interval: Duration
    /// Plan and report; change nothing.
    package var dryRun: Bool
    package var maxRemovals: RemovalLimit?
    /// Whether plans may change the organization's sharing setting (Coder deletes ACLs for it).
    package var allowOrgSettingChange = false
    /// How long writes in flight may finish on SIGTERM before they are cut (`--shutdown-timeout`);
    /// reads are cancelled at once.
    package var shutdownTimeout: Duration = .seconds(10)
    package var parallelism: Int
    /// The shared secret webhooks are checked with; without it, the hook endpoints answer 404.
    package var webhookSecret: String?
    /// The PostgreSQL URL whose advisory lock elects a leader among replicas.
    package var lockURL: String?
    /// How this replica is named in /status and to the other replicas (host and pid).
    package var identity: String
    package var connect: Connect
    /// Where events are told, and how.
    package var notifications = Notifier.Settings(targets: [])
    /// The append-only audit log: a JSON line per change applied (`--audit-log`).
    package var auditLog: String?
    /// How far ahead the daily digest looks for expiring grants and memberships.
    package var warnExpiry: Duration = .seconds(7 * 86_400)

    package init(
        remote: GitMirror.Remote, checkoutDirectory: String, prefix: String = "", interval: Duration = .seconds(60),
        dryRun: Bool = false,
        maxRemovals: RemovalLimit? = nil, parallelism: Int = 8, webhookSecret: String? = nil, lockURL: String? = nil,
        identity: String, connect: @escaping Connect
    ) {
        self.remote = remote
        self.checkoutDirectory = checkoutDirectory
        self.prefix = prefix
        self.interval = interval
        self.dryRun = dryRun
        self.maxRemovals = maxRemovals
        self.parallelism = parallelism
        self.webhookSecret = webhookSecret
        self.lockURL = lockURL
        self.identity = identity
        self.connect = connect
    }
}
