import Foundation

/// Server URLs as Atrium shows them: credentials in the user-info part (`https://user:secret@host`)
/// are never printed; the password becomes `***` (a lone user-info, which may be a token, too).
public enum ServerURL {
    /// The URL without its user-info, for links handed to people (factory links).
    public static func withoutCredentials(_ url: String) -> String {
        guard let parts = split(url) else { return url }
        return parts.scheme + parts.rest
    }

    /// The deployment's root, which the API paths (`/api/v2/...`) are added to: trailing slashes
    /// and a trailing `/api/v2` (the API's own address, as Coder's docs write it) are dropped.
    public static func deploymentRoot(_ url: String) -> String {
        var root = Substring(url)
        while root.hasSuffix("/") { root = root.dropLast() }
        for suffix in ["/api/v2", "/api"] where root.hasSuffix(suffix) {
            root = root.dropLast(suffix.count)
            while root.hasSuffix("/") { root = root.dropLast() }
            break
        }
        return String(root)
    }

    public static func redacted(_ url: String) -> String {
        guard let (scheme, userInfo, rest) = split(url) else { return url }
        let shown = userInfo.firstIndex(of: ":").map { "\(userInfo[..<$0]):***" } ?? "***"
        return scheme + shown + "@" + rest
    }

    /// `scheme://`, the user-info and what follows its `@`; `nil` when the URL has no user-info.
    private static func split(_ url: String) -> (scheme: String, userInfo: Substring, rest: String)? {
        guard let schemeEnd = url.range(of: "://") else { return nil }
        let afterScheme = url[schemeEnd.upperBound...]
        let authorityEnd = afterScheme.firstIndex(where: { "/?#".contains($0) }) ?? afterScheme.endIndex
        guard let at = afterScheme[..<authorityEnd].lastIndex(of: "@") else { return nil }
        return (
            String(url[..<schemeEnd.upperBound]), afterScheme[..<at],
            String(afterScheme[afterScheme.index(after: at)...])
        )
    }
}
