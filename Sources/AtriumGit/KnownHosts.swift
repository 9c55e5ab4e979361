import Crypto
package import Foundation

/// OpenSSH's known_hosts file: which host keys are trusted for which hosts. Hashed host names
/// (`|1|salt|hash`, HMAC-SHA1 of the name keyed with the salt), `[host]:port` entries, comma
/// lists and `@revoked` lines are understood; `@cert-authority` lines are skipped (host
/// certificates are not checked, so such a host is not trusted through them).
package struct KnownHosts: Sendable {
    struct Entry: Sendable {
        var patterns: [String]
        var hashed: (salt: Data, hash: Data)?
        var keyType: String
        var key: Data
        var revoked: Bool
    }

    var entries: [Entry] = []

    package init(text: String) {
        for line in text.split(whereSeparator: \.isNewline) {
            if let entry = Self.parse(line) { entries.append(entry) }
        }
    }

    package enum Verdict: Sendable, Equatable {
        case trusted
        case unknownHost
        case mismatch
        case revoked
    }

    /// Whether `key` (the raw host key, as sent by the server) is trusted for `host` on `port`.
    package func check(host: String, port: Int?, key: Data) -> Verdict {
        let names = port.map { $0 == 22 ? [host] : ["[\(host)]:\($0)"] } ?? [host]
        let matching = entries.filter { entry in names.contains { entry.matches($0) } }
        if matching.contains(where: { $0.revoked && $0.key == key }) { return .revoked }
        if matching.contains(where: { !$0.revoked && $0.key == key }) { return .trusted }
        return matching.isEmpty ? .unknownHost : .mismatch
    }

    private static func parse(_ line: Substring) -> Entry? {
        var fields = line.split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)
        guard let first = fields.first, !first.hasPrefix("#") else { return nil }
        var revoked = false
        if first.hasPrefix("@") {
            guard first == "@revoked" else { return nil }
            revoked = true
            fields.removeFirst()
        }
        guard fields.count >= 3, let key = Data(base64Encoded: fields[2]) else { return nil }
        let hosts = fields[0]
        var entry = Entry(patterns: [], hashed: nil, keyType: fields[1], key: key, revoked: revoked)
        if hosts.hasPrefix("|1|") {
            let parts = hosts.split(separator: "|")
            guard parts.count == 3, let salt = Data(base64Encoded: String(parts[1])),
                let hash = Data(base64Encoded: String(parts[2]))
            else { return nil }
            entry.hashed = (salt, hash)
        } else {
            entry.patterns = hosts.split(separator: ",").map { String($0).lowercased() }
        }
        return entry
    }
}

extension KnownHosts.Entry {
    func matches(_ name: String) -> Bool {
        if let hashed {
            let code = HMAC<Insecure.SHA1>.authenticationCode(
                for: Data(name.utf8), using: SymmetricKey(data: hashed.salt))
            return Data(code) == hashed.hash
        }
        return patterns.contains(name.lowercased())
    }
}
