import Crypto
import Foundation

enum Hex {
    /// The HMAC-SHA256 of `data` with `key`, in lowercase hex (GitHub's signature).
    static func hmac(_ data: Data, key: String) -> String {
        HMAC<SHA256>.authenticationCode(for: data, using: SymmetricKey(data: Data(key.utf8))).map {
            String(format: "%02x", $0)
        }.joined()
    }
}

extension Hex {
    static func hmacSHA1(_ data: Data, key: Data) -> Data {
        Data(HMAC<Insecure.SHA1>.authenticationCode(for: data, using: SymmetricKey(data: key)))
    }
}
