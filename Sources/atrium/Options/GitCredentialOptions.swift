import ArgumentParser
import AtriumGit
import Foundation

/// How `atrium controller` authenticates to its git remote.
struct GitCredentialOptions: ParsableArguments {
    @Option(help: "Read the https:// token from this file (default: ATRIUM_GIT_TOKEN).")
    var gitTokenFile: String?

    @Option(help: "The user name sent with the https:// token.")
    var gitUsername = "x-access-token"

    @Option(help: "The SSH private key for ssh:// remotes.")
    var sshKey: String?

    @Option(help: "The known_hosts file ssh:// host keys are checked against (default: ~/.ssh/known_hosts).")
    var knownHosts: String?

    func credentials() throws -> GitCredentials {
        let environment = ProcessInfo.processInfo.environment
        let token =
            try gitTokenFile.map { try SecretFile.read($0, what: "--git-token-file") }
            ?? environment["ATRIUM_GIT_TOKEN"].flatMap { $0.isEmpty ? nil : $0 }
        let knownHostsPath = knownHosts ?? (NSHomeDirectory() as NSString).appendingPathComponent(".ssh/known_hosts")
        let knownHostsText = FileManager.default.contents(atPath: knownHostsPath).map {
            String(decoding: $0, as: UTF8.self)
        }
        if knownHosts != nil, knownHostsText == nil {
            throw ValidationError("--known-hosts `\(knownHostsPath)` cannot be read")
        }
        if let sshKey, !FileManager.default.isReadableFile(atPath: sshKey) {
            throw ValidationError("--ssh-key `\(sshKey)` cannot be read")
        }
        return GitCredentials(
            token: token, username: gitUsername, sshKey: sshKey, knownHosts: knownHostsText.map(KnownHosts.init(text:)))
    }
}
