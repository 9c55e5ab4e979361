import Crypto

/// Lowercase hexadecimal: the one encoder for digests and tokens.
public enum Hex {
    private static let digits = Array("0123456789abcdef".utf8)

    public static func encode(_ bytes: some Sequence<UInt8>) -> String {
        var result = [UInt8]()
        result.reserveCapacity(bytes.underestimatedCount * 2)
        for byte in bytes {
            result.append(digits[Int(byte >> 4)])
            result.append(digits[Int(byte & 0x0F)])
        }
        return String(decoding: result, as: UTF8.self)
    }

    /// The SHA-256 (swift-crypto) of `text`'s UTF-8 bytes, in lowercase hex: saved plans'
    /// fingerprints of the live state, and stored session tokens.
    public static func sha256(_ text: String) -> String {
        encode(SHA256.hash(data: Array(text.utf8)))
    }
}
