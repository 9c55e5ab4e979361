import ArgumentParser
import AtriumCore
import Foundation

/// The server URL and token for a command: `--server`, then `ATRIUM_URL`, then `server.url`;
/// `--token-file`, then the variable `server.tokenEnv` names. The token is never printed.
struct ServerContext {
    var url: String
    var token: String

    /// Why there is no server or token: one line, naming the way to give one.
    struct Missing: Error, CustomStringConvertible {
        var description: String
    }

    /// As `locate`, printing the problem as `error: ...` and exiting 1.
    static func resolve(config: Config, server: String?, tokenFile: String?) throws -> ServerContext {
        do {
            return try locate(config: config, server: server, tokenFile: tokenFile)
        } catch {
            Terminal.standardError("error: \(error)")
            throw ExitCode.error
        }
    }

    static func locate(config: Config, server: String?, tokenFile: String?) throws(Missing) -> ServerContext {
        let environment = ProcessInfo.processInfo.environment
        guard let url = server ?? environment["ATRIUM_URL"].flatMap({ $0.isEmpty ? nil : $0 }) ?? config.server.url
        else {
            throw Missing(description: "no server: pass --server URL, set ATRIUM_URL, or set server.url in atrium.yaml")
        }
        try checkURL(url)
        if let tokenFile {
            guard let token = SecretFile.contents(tokenFile) else {
                throw Missing(description: "cannot read the token file `\(tokenFile)`")
            }
            guard !token.isEmpty else {
                throw Missing(description: "the token file `\(tokenFile)` is empty (it should hold the session token)")
            }
            return ServerContext(url: url, token: token)
        }
        guard let token = environment[config.server.tokenEnv], !token.isEmpty else {
            throw Missing(description: "no session token: set \(config.server.tokenEnv) or pass --token-file FILE")
        }
        return ServerContext(url: url, token: token)
    }
}

extension ServerContext {
    /// A server URL must be `http://` or `https://` with a host (or `http+unix://`).
    static func checkURL(_ url: String) throws(Missing) {
        let shown = ServerURL.redacted(url)
        guard let parsed = URL(string: url), let scheme = parsed.scheme?.lowercased() else {
            throw Missing(description: "`\(shown)` is not a server URL (write it as https://coder.example.com)")
        }
        guard ["http", "https", "http+unix"].contains(scheme) else {
            throw Missing(description: "`\(shown)` is not a server URL: it must start with https:// or http://")
        }
        guard let host = parsed.host, !host.isEmpty else {
            throw Missing(description: "`\(shown)` has no host (write it as https://coder.example.com)")
        }
    }
}

/// Saved plan files (`--out`, `--plan`): the file I/O and its messages around `SavedPlan`.
enum SavedPlanFile {
    static func write(_ plan: Plan, to path: String) throws {
        try SavedPlan.encode(plan).write(to: URL(fileURLWithPath: path))
    }

    static func read(_ path: String) throws -> Plan {
        guard let data = FileManager.default.contents(atPath: path) else {
            Terminal.standardError("error: cannot read the plan `\(path)`")
            throw ExitCode.error
        }
        do {
            return try SavedPlan.decode(data)
        } catch {
            Terminal.standardError("error: `\(path)` \(error)")
            throw ExitCode.error
        }
    }
}
