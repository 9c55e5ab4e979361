import Foundation

/// Percent-encoding for each spot of a URL. Unreserved characters (RFC 3986) pass; everything
/// else is encoded. The one encoder for factory links and for the client's paths and queries.
public enum URLEncoding {
    static let unreserved = CharacterSet(charactersIn: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~")

    public static func encode(_ text: String, allowing extra: String = "") -> String {
        text.addingPercentEncoding(withAllowedCharacters: unreserved.union(CharacterSet(charactersIn: extra))) ?? ""
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
