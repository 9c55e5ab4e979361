import Foundation

/// Percent-encoding for each spot of a URL. Unreserved characters (RFC 3986) pass; everything
/// else is encoded. The one encoder for factory links and for the client's paths and queries.
public enum URLEncoding {
    /// RFC 3986's unreserved characters, by byte.
    static let unreserved: [Bool] = (0..<256).map { byte in
        let scalar = Unicode.Scalar(UInt8(byte))
        return ("A"..."Z").contains(scalar) || ("a"..."z").contains(scalar) || ("0"..."9").contains(scalar)
            || "-._~".unicodeScalars.contains(scalar)
    }

    /// Percent-encodes every UTF-8 byte of `text` but the unreserved characters and the ASCII
    /// characters of `extra` (hex digits upper case, as `addingPercentEncoding` writes them).
    public static func encode(_ text: String, allowing extra: String = "") -> String {
        let allowed = extra.utf8
        func keeps(_ byte: UInt8) -> Bool { unreserved[Int(byte)] || (byte < 128 && allowed.contains(byte)) }
        if text.utf8.allSatisfy(keeps) { return text }
        let hex = Array("0123456789ABCDEF".utf8)
        var bytes: [UInt8] = []
        bytes.reserveCapacity(text.utf8.count * 3)
        for byte in text.utf8 {
            if keeps(byte) {
                bytes.append(byte)
            } else {
                bytes += [UInt8(ascii: "%"), hex[Int(byte >> 4)], hex[Int(byte & 0x0F)]]
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    public static func pathSegment(_ text: String) -> String { encode(text) }

    /// A value in a `?name=value` query.
    public static func queryValue(_ text: String) -> String { encode(text) }

    public static func query(_ pairs: [(String, String)]) -> String {
        pairs.map { "\(encode($0.0))=\(encode($0.1))" }.joined(separator: "&")
    }

    /// A name or value in the `?a=b&c=d` part of a fragment.
    public static func fragmentQuery(_ text: String) -> String { encode(text) }

    /// A segment of a fragment path (Gitpod's `VAR=value,.../` and `referrer:` prefixes).
    public static func fragmentSegment(_ text: String) -> String { encode(text) }

    /// A URL embedded in a fragment: its own structure (`:/.`) is kept, but `#`, `?`, `&`, spaces
    /// and non-ASCII text are encoded so that nothing after it is mistaken for part of it.
    public static func fragmentURL(_ text: String) -> String { encode(text, allowing: ":/@!$'()*+,;=") }
}
