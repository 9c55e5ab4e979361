import AtriumCore

/// Session tokens: random, shown once, stored only as a SHA-256 hash.
enum TokenHash {
    /// A new token: `atr_` and 32 random bytes in hex.
    static func newToken() -> String {
        var generator = SystemRandomNumberGenerator()
        return "atr_" + Hex.encode((0..<32).map { _ in UInt8.random(in: 0...255, using: &generator) })
    }

    static func hex(of token: String) -> String {
        Hex.sha256(token)
    }
}
