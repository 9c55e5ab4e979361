import ArgumentParser
import AtriumCore
import AtriumServer
import AtriumYAML
import Foundation
import Hummingbird
import Logging
import NIOCore

struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Run Atrium's reference workspace server (Coder's v2 API shape).",
        discussion: """
            Serves /api/v2 on --listen with state in SQLite (default) or PostgreSQL (for several \
            replicas sharing one database). Logs one line per request to stderr; stops cleanly on \
            SIGINT and SIGTERM.
            """
    )

    @Option(help: "Address to listen on, HOST:PORT (port 0 picks a free one).")
    var listen: String = "127.0.0.1:7080"

    @Option(help: "sqlite:PATH or postgres://USER:PASSWORD@HOST:PORT/DATABASE.")
    var database: String = "sqlite:atrium.db"

    @Option(
        help: ArgumentHelp(
            "A YAML file of users, groups, templates and workspaces to create at start (idempotent).",
            discussion: "Repeat it for a seed split across files; the files are read in order, and a later one may "
                + "name what an earlier one creates."))
    var seed: [String] = []

    @Option(help: "Create this site admin if missing and print their token once on stdout.")
    var bootstrapAdmin: String?

    @Option(help: "The URL clients reach the server at, for share and snapshot links (default: http://LISTEN).")
    var publicURL: String?

    @Option(
        help: ArgumentHelp(
            "The wildcard host shared ports and apps are served under, as Coder's CODER_WILDCARD_ACCESS_URL "
                + "(e.g. *.apps.example.com; default: none).")
    )
    var wildcardAccessURL: String = ""

    @Option(
        help: ArgumentHelp(
            "Close a connection whose request head is not complete this many seconds after its first byte "
                + "(every request, not only the first).")
    )
    var headerTimeout: Int = 10

    @Option(help: "Close a connection whose request body is not complete this many seconds after its head.")
    var bodyTimeout: Int = 10

    @Option(help: "Close a connection idle for this many seconds.")
    var idleTimeout: Int = 60

    @Option(help: "Accept at most this many connections at once (lowered to fit the open-file limit); others wait.")
    var maxConnections: Int = 10_000

    @Option(
        help: ArgumentHelp(
            "Accept at most this many connections at once from one client address (kept to half of "
                + "--max-connections); more are closed when accepted, so one address cannot hold the slots "
                + "others wait for."
        )
    )
    var maxConnectionsPerAddress: Int = 1_000

    @Option(
        help: ArgumentHelp(
            "On SIGTERM or SIGINT, wait at most this many seconds for requests in flight, then exit anyway."))
    var shutdownTimeout: Int = 10

    @Option(
        help: ArgumentHelp(
            "Requests a minute per user, as Coder's CODER_API_RATE_LIMIT (0 turns it off); Owners skip it with "
                + "X-Coder-Bypass-Ratelimit: true.")
    )
    var rateLimit: Int = 512

    @Flag(
        help: ArgumentHelp(
            "Exactly Coder's surface: no extensions in /buildinfo (a Coder version), 404 for link sharing and "
                + "snapshots.")
    )
    var coderOnly = false

    @Option(help: "Testing clients: answer every Nth request with 503 or 429 (alternately, Retry-After: 0).")
    var injectFaults: Int = 0

    @Option(help: "Testing clients: carry out every Nth write, then drop its connection mid-answer.")
    var dropConnections: Int = 0

    @Option(
        help: ArgumentHelp(
            "Testing clients: answer every request this many milliseconds late, as across a slow link.", valueName: "ms"
        ))
    var responseDelay: Int = 0

    func run() async throws {
        // Info by default; ATRIUM_LOG_LEVEL=debug adds a line per answered request (as Coder's
        // request log, which writes those at debug and refusals at warning).
        Logs.bootstrap(default: .info)
        let logger = Logger(label: "atrium.serve")
        let (host, port) = try ListenAddress.parse(listen, option: "--listen")
        let seedFile = try readSeed()
        let store = try await Store.open(
            self.database, baseURL: publicURL ?? "http://\(listen)", wildcardHost: wildcardAccessURL, logger: logger)
        try await prepare(store, seed: seedFile, logger: logger)
        let serverLogger = logger
        let databaseURL = PostgreSQLDatabase.redacted(self.database)
        let faults = try faultInjection()
        let limits = try connectionLimits()
        guard rateLimit >= 0 else { throw ValidationError("--rate-limit takes 0 (off) or more requests a minute") }
        let limiter = rateLimit > 0 ? RateLimiter(perMinute: rateLimit) : nil
        let app = ReferenceServer.application(
            store: store, host: host, port: port, logger: logger, faults: faults, limits: limits, rateLimiter: limiter,
            coderOnly: coderOnly
        ) { bound in
            serverLogger.info("serving Coder's v2 API on http://\(host):\(bound)/api/v2 (database: \(databaseURL))")
        }
        guard shutdownTimeout > 0 else { throw ValidationError("--shutdown-timeout takes a number above 0") }
        let deadline = ShutdownDeadline.arm(grace: .seconds(shutdownTimeout))
        defer { withExtendedLifetime(deadline) {} }
        do {
            try await app.runService()
        } catch let error as IOError {
            // bind(2) failed: say so in one line, without the system call's signature.
            Terminal.standardError(
                "error: cannot listen on \(listen): \(String(cString: strerror(error.errnoCode)).lowercased())")
            try? await store.database.close()
            throw ExitCode.error
        }
        try await store.database.close()
    }

    private func faultInjection() throws -> FaultInjection? {
        guard injectFaults >= 0, dropConnections >= 0, responseDelay >= 0 else {
            throw ValidationError("--inject-faults, --drop-connections and --response-delay take 0 or more")
        }
        guard injectFaults > 0 || dropConnections > 0 || responseDelay > 0 else { return nil }
        let faults = FaultInjection(transientEvery: injectFaults)
        faults.setDropEvery(dropConnections)
        faults.setResponseDelay(.milliseconds(responseDelay))
        return faults
    }

    private func connectionLimits() throws -> ConnectionLimits {
        guard headerTimeout > 0, bodyTimeout > 0, idleTimeout > 0, maxConnections > 0, maxConnectionsPerAddress > 0
        else {
            throw ValidationError(
                "--header-timeout, --body-timeout, --idle-timeout, --max-connections and --max-connections-per-address "
                    + "take a number above 0")
        }
        return ConnectionLimits(
            headerTimeout: .seconds(headerTimeout), bodyTimeout: .seconds(bodyTimeout),
            idleTimeout: .seconds(idleTimeout),
            maxConnections: maxConnections, maxConnectionsPerAddress: maxConnectionsPerAddress
        )
        .fittingFileLimit()
    }

    /// Every `--seed` file, read in order into one seed; every file's problems are reported.
    private func readSeed() throws -> Seed? {
        guard !seed.isEmpty else { return nil }
        var combined = Seed()
        var diagnostics: [Diagnostic] = []
        for file in seed {
            guard let data = FileManager.default.contents(atPath: file) else {
                throw ValidationError("--seed `\(TerminalText.outside(file))` cannot be read")
            }
            do {
                combined = combined.followed(by: try Seed.parse([UInt8](data), file: file))
            } catch {
                diagnostics += error.diagnostics
            }
        }
        guard diagnostics.isEmpty else {
            Terminal.standardError(diagnostics.map(\.description).joined(separator: "\n"))
            throw ExitCode.error
        }
        return combined
    }

    /// Loads the seed and creates the bootstrap admin, printing their token once on stdout.
    /// The bootstrap admin first, so that seeded templates are created by a real user.
    private func prepare(_ store: Store, seed: Seed?, logger: Logger) async throws {
        if let bootstrapAdmin {
            if let token = try await Seeder(store: store).bootstrapAdmin(username: bootstrapAdmin) {
                Terminal.standardOutput(token)
                logger.info(
                    "created site admin \(bootstrapAdmin); their token was printed on stdout and is not shown again")
            } else {
                // Said on stderr whatever the log level: `--bootstrap-admin admin > admin-token`
                // has emptied that file, and the operator must learn how to get a token.
                Terminal.standardError(
                    "warning: user \(bootstrapAdmin) exists already in \(PostgreSQLDatabase.redacted(database)), so "
                        + "no token is printed (its token was printed when it was created); mint a new one with "
                        + "`atrium token --database \(PostgreSQLDatabase.redacted(database)) --user \(bootstrapAdmin)`")
            }
        }
        if let seed {
            for line in try await Seeder(store: store).apply(seed) { logger.info("seed: created \(line)") }
        }
    }
}
