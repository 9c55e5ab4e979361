import Crypto
import Foundation

/// Checks webhook requests against the shared secret, in constant time.
struct WebhookSignature: Sendable {
    let secret: String

    /// GitHub's `X-Hub-Signature-256: sha256=<hex HMAC-SHA256 of the body>`.
    func validGitHub(signature header: String?, body: some DataProtocol) -> Bool {
        guard let header, header.hasPrefix("sha256="), let mac = Self.bytes(hex: header.dropFirst(7)), mac.count == 32
        else { return false }
        return HMAC<SHA256>.isValidAuthenticationCode(
            mac, authenticating: body, using: SymmetricKey(data: Data(secret.utf8)))
    }

    /// GitLab's `X-Gitlab-Token: <the secret>`. Both sides are hashed first, so the comparison
    /// takes the same time whatever the length or the first differing byte.
    func validGitLab(token header: String?) -> Bool {
        guard let header else { return false }
        let given = SHA256.hash(data: Data(header.utf8))
        let expected = SHA256.hash(data: Data(secret.utf8))
        return zip(given, expected).reduce(UInt8(0)) { $0 | ($1.0 ^ $1.1) } == 0
    }

    static func bytes(hex: Substring) -> [UInt8]? {
        guard hex.count % 2 == 0 else { return nil }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(hex.count / 2)
        var index = hex.startIndex
        while index < hex.endIndex {
            let next = hex.index(index, offsetBy: 2)
            guard let byte = UInt8(hex[index..<next], radix: 16) else { return nil }
            bytes.append(byte)
            index = next
        }
        return bytes
    }
}
