import Foundation

/// How the controller authenticates to its git remote. Secrets are held here and handed to
/// libgit2 only when the remote asks; they never appear in a URL, a message or a log.
package struct GitCredentials: Sendable {
    /// An HTTPS token (`ATRIUM_GIT_TOKEN` or a file), sent as the password of basic auth.
    package var token: String?
    /// The basic-auth user name sent with the token (GitHub and GitLab accept any).
    package var username: String
    /// An SSH private key file for `ssh://` remotes.
    package var sshKey: String?
    /// The known_hosts text an `ssh://` remote's host key must be listed in.
    package var knownHosts: KnownHosts?

    package init(
        token: String? = nil, username: String = "x-access-token", sshKey: String? = nil, knownHosts: KnownHosts? = nil
    ) {
        self.token = token
        self.username = username
        self.sshKey = sshKey
        self.knownHosts = knownHosts
    }

    /// What must never be shown.
    var secrets: [String] { [token].compactMap { $0 } }
}
