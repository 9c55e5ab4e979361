import ArgumentParser
import AtriumClient
import AtriumController
import AtriumCore
import AtriumGit
import Foundation
import Logging
import NIOCore
import ServiceLifecycle
import UnixSignals

struct ControllerCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "controller",
        abstract: "Follow a branch and keep the server matching it: pull, reconcile, correct drift, report.",
        discussion: """
            Mirrors --branch of --repo-url into --checkout-dir (bare, whole history) through \
            libgit2, then every --interval (and at once on a signed webhook) fetches and \
            reconciles the branch head with the same planning and guards as `atrium reconcile \
            --auto-approve`. Refused plans are not applied and stay reported. Serves /healthz, \
            /readyz, /status (JSON), /metrics (Prometheus) and POST /hooks/github, /hooks/gitlab \
            on --listen. With --lock, replicas elect one leader on a PostgreSQL advisory lock. \
            SIGTERM lets the write units in flight finish, then exits 0.
            Git credentials: https:// takes a token from ATRIUM_GIT_TOKEN or --git-token-file; \
            ssh:// a key (--ssh-key) and checks the host against --known-hosts.
            """
    )

    @Option(help: "The git remote to follow: file://, git://, https:// or ssh://.")
    var repoURL: String

    @Option(help: "The branch to follow.")
    var branch = "main"

    @Option(help: "The folder (or single file) holding the desired state, relative to the repository's root.")
    var path = ""

    @Option(help: ArgumentHelp("How often to fetch and reconcile: 30s, 1m, 1h30m.", valueName: "duration"))
    var interval = "1m"

    @Option(
        help: ArgumentHelp(
            "Serve health, status, metrics and webhooks on HOST:PORT (port 0 picks one).", valueName: "host:port"))
    var listen = "127.0.0.1:9090"

    @Option(help: "Where the bare mirror is kept (default: ~/.cache/atrium/mirrors/<remote and branch>).")
    var checkoutDir: String?

    @Option(help: "The webhook secret, in a file; without it the hook endpoints answer 404.")
    var webhookSecretFile: String?

    @Flag(help: "Plan and report every cycle; change nothing.")
    var dryRun = false

    @OptionGroup var guards: GuardOptions

    @OptionGroup var serverOptions: ServerOptions

    @Option(
        help: ArgumentHelp(
            "Elect one leader among replicas on this PostgreSQL's advisory lock.", valueName: "postgres://..."))
    var lock: String?

    @Option(help: "Log lines as text or json (one object a line).")
    var logFormat: LogFormat = .text

    @OptionGroup var git: GitCredentialOptions

    @OptionGroup var notify: NotifyOptions

    @Option(help: "Append a JSON line per change applied to this file (the audit log `review report` reads).")
    var auditLog: String?

    @Option(help: "This replica's name in /status and to the others (default: host name and process id).")
    var identity: String?

    @Option(
        help:
            "On SIGTERM or Ctrl-C, reads are cancelled at once; writes in flight may finish for this many seconds.")
    var shutdownTimeout: Int = 10

    func validate() throws {
        guard shutdownTimeout > 0 else { throw ValidationError("--shutdown-timeout takes a number above 0") }
        guard let every = IntervalText.parse(interval), every >= .seconds(1) else {
            throw ValidationError(
                "--interval takes a duration of 1s or more, such as 30s, 1m or 1h30m, not `\(interval)`")
        }
    }

    func run() async throws {
        let logger = logFormat.bootstrap()
        let settings = try configuration(logger: logger)
        let controller: Controller
        do { controller = try Controller(settings, logger: logger) } catch { throw ValidationError("\(error)") }
        let (host, port) = try ListenAddress.parse(listen, option: "--listen")
        let app = StatusServer.application(for: controller, host: host, port: port, logger: logger) { bound in
            logger.notice("serving /healthz /readyz /status /metrics /hooks on http://\(host):\(bound)")
            controller.begin()
        }
        let group = ServiceGroup(
            configuration: .init(
                services: [
                    .init(
                        service: controller, successTerminationBehavior: .gracefullyShutdownGroup,
                        failureTerminationBehavior: .gracefullyShutdownGroup),
                    .init(
                        service: app, successTerminationBehavior: .gracefullyShutdownGroup,
                        failureTerminationBehavior: .gracefullyShutdownGroup),
                ],
                gracefulShutdownSignals: [.sigterm, .sigint], logger: logger))
        do {
            try await group.run()
        } catch let error as IOError {
            // bind(2) failed: say so in one line, without the system call's signature.
            Terminal.standardError(
                "error: cannot listen on \(listen): \(String(cString: strerror(error.errnoCode)).lowercased())")
            throw ExitCode.error
        }
    }

    private func configuration(logger: Logger) throws -> ControllerConfiguration {
        guard let every = IntervalText.parse(interval), every >= .seconds(1) else {
            throw ValidationError(
                "--interval takes a duration of 1s or more, such as 30s, 1m or 1h30m, not `\(interval)`")
        }
        let serverOptions = serverOptions
        var configuration = ControllerConfiguration(
            remote: .init(url: repoURL, branch: branch, credentials: try git.credentials()),
            checkoutDirectory: checkoutDir ?? MirrorDirectory.default(for: repoURL, branch: branch), prefix: path,
            interval: every,
            dryRun: dryRun, maxRemovals: try guards.removalLimit(), parallelism: serverOptions.parallelism.taskLimit,
            webhookSecret: try webhookSecretFile.map { try SecretFile.read($0, what: "--webhook-secret-file") },
            lockURL: lock,
            identity: identity ?? "\(ProcessInfo.processInfo.hostName):\(getpid())",
            connect: { config, observe in try serverOptions.located(config: config, logger: logger, observe: observe) })
        configuration.allowOrgSettingChange = guards.allowOrgSettingChange
        configuration.shutdownTimeout = .seconds(shutdownTimeout)
        configuration.notifications = try notify.settings()
        configuration.warnExpiry = try notify.window()
        configuration.auditLog = auditLog
        return configuration
    }
}

enum LogFormat: String, ExpressibleByArgument, CaseIterable {
    case text, json

    /// The controller logs at `ATRIUM_LOG_LEVEL`, info by default (one line a cycle).
    func bootstrap() -> Logger {
        Logs.bootstrap(default: .info, json: self == .json)
        return Logger(label: "atrium.controller")
    }
}
