internal import CLibGit2
import Foundation

/// What one fetch's libgit2 callbacks need: the credentials, the remote's origin (a token goes
/// to it only), how often the remote asked (a wrong token is not offered twice), and why a
/// connection was refused, for the error message.
final class FetchSession {
    let credentials: GitCredentials
    let remote: URLComponents?
    var attempts = 0
    var refusal: String?

    init(credentials: GitCredentials, url: String) {
        self.credentials = credentials
        remote = URLComponents(string: url)
    }

    static let credentialCallback: git_credential_acquire_cb = { out, url, usernameFromURL, allowed, payload in
        guard let out, let payload else { return -1 }
        let session = Unmanaged<FetchSession>.fromOpaque(payload).takeUnretainedValue()
        return session.credential(
            out, url: url.map { String(cString: $0) }, username: usernameFromURL.map { String(cString: $0) },
            allowed: allowed)
    }

    static let certificateCallback: git_transport_certificate_check_cb = { cert, valid, host, payload in
        guard let cert, let payload else { return -1 }
        let session = Unmanaged<FetchSession>.fromOpaque(payload).takeUnretainedValue()
        return session.checkCertificate(cert, valid: valid != 0, host: host.map { String(cString: $0) } ?? "")
    }

    private func credential(
        _ out: UnsafeMutablePointer<UnsafeMutablePointer<git_credential>?>, url: String?, username: String?,
        allowed: UInt32
    ) -> Int32 {
        attempts += 1
        guard attempts == 1 else {
            refusal = "the remote refused the credentials (check the token or key and its access to the repository)"
            return GIT_EAUTH.rawValue
        }
        if allowed & GIT_CREDENTIAL_SSH_KEY.rawValue != 0, let key = credentials.sshKey {
            return git_credential_ssh_key_new(out, username ?? "git", nil, key, nil)
        }
        if allowed & GIT_CREDENTIAL_USERPASS_PLAINTEXT.rawValue != 0, let token = credentials.token {
            guard let url, sameOrigin(url) else {
                refusal =
                    "the remote asked for credentials from another origin; the token is sent only to the remote's own"
                return GIT_EAUTH.rawValue
            }
            return git_credential_userpass_plaintext_new(out, username ?? credentials.username, token)
        }
        refusal =
            "the remote asks for credentials and none were given (set ATRIUM_GIT_TOKEN or --git-token-file for "
            + "https://, --ssh-key for ssh://)"
        return GIT_EAUTH.rawValue
    }

    private func sameOrigin(_ url: String) -> Bool {
        guard let asked = URLComponents(string: url), let remote else { return false }
        return asked.scheme?.lowercased() == remote.scheme?.lowercased()
            && asked.host?.lowercased() == remote.host?.lowercased()
            && asked.port == remote.port
    }

    private func checkCertificate(_ cert: UnsafeMutablePointer<git_cert>, valid: Bool, host: String) -> Int32 {
        guard cert.pointee.cert_type == GIT_CERT_HOSTKEY_LIBSSH2 else {
            // TLS: the verdict of libgit2's TLS library, against the system's trust store, stands.
            if !valid {
                refusal =
                    "the TLS certificate of \(host) is not trusted (if a private CA signed it, add that CA to the "
                    + "system's trust store, /etc/ssl/certs/ca-certificates.crt: update-ca-certificates)"
            }
            return valid ? 0 : GIT_ECERTIFICATE.rawValue
        }
        let hostkey = UnsafeMutableRawPointer(cert).assumingMemoryBound(to: git_cert_hostkey.self).pointee
        guard hostkey.type.rawValue & GIT_CERT_SSH_RAW.rawValue != 0, let raw = hostkey.hostkey else {
            refusal = "the SSH host key of \(host) could not be read"
            return GIT_ECERTIFICATE.rawValue
        }
        let key = Data(bytes: raw, count: hostkey.hostkey_len)
        guard let knownHosts = credentials.knownHosts else {
            refusal = "no known_hosts to check \(host)'s SSH host key against (pass --known-hosts FILE)"
            return GIT_ECERTIFICATE.rawValue
        }
        switch knownHosts.check(host: host, port: remote?.port, key: key) {
        case .trusted: return 0
        case .unknownHost: refusal = "\(host) is not in known_hosts (add its key: ssh-keyscan \(host))"
        case .mismatch:
            refusal =
                "the SSH host key of \(host) does not match known_hosts (the host changed its key, or this is "
                + "not the host)"
        case .revoked: refusal = "the SSH host key of \(host) is revoked in known_hosts"
        }
        return GIT_ECERTIFICATE.rawValue
    }
}

extension FetchSession {
    /// The remote's answer for each pushed reference: a message is a refusal (a protected
    /// branch, a hook).
    static let pushUpdateCallback: git_push_update_reference_cb = { reference, status, payload in
        guard let payload else { return -1 }
        let session = Unmanaged<FetchSession>.fromOpaque(payload).takeUnretainedValue()
        if let status {
            let name = reference.map { String(cString: $0) } ?? "the branch"
            session.refusal = "the remote refused \(name): \(String(cString: status))"
        }
        return 0
    }
}
