import AtriumYAML
import AtriumGit
import AtriumOnboarding
import ArgumentParser
import AtriumCore
import Foundation

/// The server URL and token for a command: `--server`, then `ATRIUM_URL`, then `server.url`;
/// `--token-file`, then the variable `server.tokenEnv` names. The token is never printed.
struct ServerContext {
    var url: String
    var token: String

    static func resolve(config: Config, server: String?, tokenFile: String?) throws -> ServerContext {
        let environment = ProcessInfo.processInfo.environment
        guard let url = server ?? environment["ATRIUM_URL"].flatMap({ $0.isEmpty ? nil : $0 }) ?? config.server.url else {
            Terminal.standardError("error: no server: pass --server URL, set ATRIUM_URL, or set server.url in atrium.yaml")
            throw ExitCode(1)
        }
        var token: String?
        if let tokenFile {
            guard let data = FileManager.default.contents(atPath: tokenFile) else {
                Terminal.standardError("error: cannot read the token file `\(tokenFile)`")
                throw ExitCode(1)
            }
            token = String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        } else {
            token = environment[config.server.tokenEnv]
        }
        guard let token, !token.isEmpty else {
            Terminal.standardError("error: no session token: set \(config.server.tokenEnv) or pass --token-file FILE")
            throw ExitCode(1)
        }
        return ServerContext(url: url, token: token)
    }
}

/// Saved plans (`--out`, `--plan`).
enum SavedPlan {
    static func write(_ plan: Plan, to path: String) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        try encoder.encode(plan).write(to: URL(fileURLWithPath: path))
    }

    static func read(_ path: String) throws -> Plan {
        guard let data = FileManager.default.contents(atPath: path) else {
            Terminal.standardError("error: cannot read the plan `\(path)`")
            throw ExitCode(1)
        }
        do {
            let plan = try JSONDecoder().decode(Plan.self, from: data)
            guard plan.formatVersion == Plan.formatVersion else {
                Terminal.standardError("error: `\(path)` has plan format \(plan.formatVersion); this atrium reads \(Plan.formatVersion)")
                throw ExitCode(1)
            }
            return plan
        } catch let error as ExitCode {
            throw error
        } catch {
            Terminal.standardError("error: `\(path)` is not an Atrium plan: \(error)")
            throw ExitCode(1)
        }
    }
}
