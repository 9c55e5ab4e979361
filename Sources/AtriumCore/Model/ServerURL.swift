/// Server URLs as Atrium shows them: credentials in the user-info part (`https://user:secret@host`)
/// are never printed; the password becomes `***` (a lone user-info, which may be a token, too).
public enum ServerURL {
    /// The URL without its user-info, for links handed to people (factory links).
    public static func withoutCredentials(_ url: String) -> String {
        guard let schemeEnd = url.range(of: "://") else { return url }
        let rest = url[schemeEnd.upperBound...]
        let authorityEnd = rest.firstIndex(where: { "/?#".contains($0) }) ?? rest.endIndex
        guard let at = rest[..<authorityEnd].lastIndex(of: "@") else { return url }
        return String(url[..<schemeEnd.upperBound]) + String(rest[rest.index(after: at)...])
    }

    public static func redacted(_ url: String) -> String {
        guard let schemeEnd = url.range(of: "://") else { return url }
        let rest = url[schemeEnd.upperBound...]
        let authorityEnd = rest.firstIndex(where: { "/?#".contains($0) }) ?? rest.endIndex
        guard let at = rest[..<authorityEnd].lastIndex(of: "@") else { return url }
        let userInfo = rest[..<at]
        let shown = userInfo.firstIndex(of: ":").map { "\(userInfo[..<$0]):***" } ?? "***"
        return String(url[..<schemeEnd.upperBound]) + shown + String(rest[at...])
    }
}
