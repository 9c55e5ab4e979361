import ArgumentParser
import AtriumClient
import AtriumCore
import AtriumGit
import AtriumYAML
import Foundation
import Logging

/// Server options shared by the commands that read the live server.
struct ServerOptions: ParsableArguments {
    @Option(help: "The server's URL (overrides ATRIUM_URL and server.url in atrium.yaml).")
    var server: String?

    @Option(
        help: "Read the session token from this file (default: the variable named by server.tokenEnv, ATRIUM_TOKEN).")
    var tokenFile: String?

    @Option(
        parsing: .unconditional,
        help: ArgumentHelp(
            "Requests in flight at once: auto (adapts to the server: the listings at 16, the per-workspace "
                + "reads and the apply at 64 unless it pushed back; shrinks on 429, 5xx and slow answers, "
                + "grows while it keeps up, at most 64) or a fixed number.",
            valueName: "auto|N"))
    var parallelism: Parallelism = .auto

    @Option(
        help: ArgumentHelp(
            "Send at most N requests a minute (default: as fast as the server's 429s allow).", valueName: "N/min"))
    var rate: String?

    @Option(
        help: ArgumentHelp(
            "How long to wait for the server: one request's answer, and the run's retries when nothing answers "
                + "in that time.",
            valueName: "duration"))
    var timeout = "30s"

    @Option(
        help: ArgumentHelp(
            "The longest Retry-After obeyed; a server asking for more is an error at once.", valueName: "duration"))
    var maxWait = "60s"

    func validate() throws {
        _ = try perMinute()
        _ = try durations()
    }

    /// `--timeout` and `--max-wait`, parsed (`30s`, `2m`, `500ms`).
    func durations() throws -> (timeout: Duration, maxWait: Duration) {
        guard let timeout = IntervalText.parse(timeout), timeout >= .milliseconds(100) else {
            throw ValidationError(
                "--timeout takes a duration of 100ms or more, such as 30s or 2m, not `\(self.timeout)`")
        }
        guard let maxWait = IntervalText.parse(maxWait) else {
            throw ValidationError("--max-wait takes a duration, such as 60s or 5m, not `\(self.maxWait)`")
        }
        return (timeout, maxWait)
    }

    /// `--rate 120/min` (or `120`).
    func perMinute() throws -> Int? {
        guard let rate else { return nil }
        let count = rate.hasSuffix("/min") ? String(rate.dropLast(4)) : rate
        guard let value = Int(count), value > 0 else {
            throw ValidationError("--rate takes requests a minute, such as 120/min, not `\(rate)`")
        }
        return value
    }

    /// A client for the server `config` names; a missing server or token is printed and exits 1.
    func client(config: Config) throws -> ServerClient {
        client(
            try ServerContext.resolve(config: config, server: server, tokenFile: tokenFile),
            logger: Logger(label: "atrium"))
    }

    /// The same, throwing what is missing instead of printing it (for the reconciler, which
    /// reports it once, and the controller, which reports it each cycle).
    func located(config: Config, logger: Logger, observe: @escaping @Sendable (Int?) -> Void) throws -> ServerClient {
        client(
            try ServerContext.locate(config: config, server: server, tokenFile: tokenFile), logger: logger,
            observe: observe)
    }

    /// `validate()` has checked `--rate`, `--timeout` and `--max-wait`.
    private func client(
        _ context: ServerContext, logger: Logger, observe: @escaping @Sendable (Int?) -> Void = { _ in }
    ) -> ServerClient {
        let bounds = (try? durations()) ?? (.seconds(30), .seconds(60))
        return ServerClient(
            baseURL: context.url, token: context.token, perMinute: (try? perMinute()) ?? nil, parallelism: parallelism,
            timeout: bounds.timeout, maxWait: bounds.maxWait, logger: logger, observe: observe)
    }
}

/// The configuration from the repository when there is one (for the server URL and token
/// variable); the defaults otherwise.
func optionalConfig(_ source: SourceOptions) -> Config {
    guard let result = try? DesiredStateLoader.load(source.loaderOptions, now: Date()) else { return Config() }
    return result.state.config
}

extension ServerOptions {
    /// Runs `body` with a client for the server `config` names, and always shuts the client
    /// down. A failure is printed as `error: <failure><what went wrong>` and exits 1.
    func withClient<T>(
        config: Config, failure: String = "cannot read the live state: ", _ body: (ServerClient) async throws -> T
    ) async throws -> T {
        let client = try client(config: config)
        do {
            let value = try await body(client)
            await client.shutdown()
            return value
        } catch {
            await client.shutdown()
            Terminal.standardError("error: \(failure)\(error)")
            throw ExitCode.error
        }
    }

    /// The live state for `desired`, read with a client for the server `config` names.
    func readLive(config: Config, desired: DesiredState, details: Bool = false) async throws -> LiveState {
        try await withClient(config: config) { client in
            try await LiveStateReader(client: client, parallelism: parallelism.taskLimit)
                .read(organization: config.server.organization, desired: desired, details: details)
        }
    }
}

extension Parallelism: ExpressibleByArgument {
    public init?(argument: String) {
        self.init(argument)
    }
}
