public import Foundation

/// The page that opens a pull request (GitHub) or merge request (GitLab) for a branch, worked out
/// from the remote's URL (`https://`, `ssh://` or `git@host:path`); `nil` for other hosts.
public enum PullRequestURL {
    public static func make(remote: String, base: String, branch: String) -> URL? {
        guard let (host, path) = hostAndPath(remote), !path.isEmpty else { return nil }
        let project = path.hasSuffix(".git") ? String(path.dropLast(4)) : path
        var components = URLComponents()
        components.scheme = "https"
        components.host = host
        if host == "github.com" || host.hasPrefix("github.") {
            components.path = "/\(project)/compare/\(base)...\(branch)"
            components.queryItems = [URLQueryItem(name: "expand", value: "1")]
        } else if host == "gitlab.com" || host.hasPrefix("gitlab.") {
            components.path = "/\(project)/-/merge_requests/new"
            components.queryItems = [
                URLQueryItem(name: "merge_request[source_branch]", value: branch),
                URLQueryItem(name: "merge_request[target_branch]", value: base),
            ]
        } else {
            return nil
        }
        return components.url
    }

    /// `github.com` and `acme/atrium-access.git`; credentials and ports dropped.
    static func hostAndPath(_ remote: String) -> (String, String)? {
        if let url = URLComponents(string: remote), let host = url.host, let scheme = url.scheme,
            ["https", "http", "ssh", "git"].contains(scheme)
        {
            return (host.lowercased(), url.path.trimmingCharacters(in: CharacterSet(charactersIn: "/")))
        }
        // scp-like: git@github.com:acme/atrium-access.git
        guard let colon = remote.firstIndex(of: ":"), !remote.contains("://") else { return nil }
        let user = remote[..<colon]
        let host = user.split(separator: "@").last.map(String.init) ?? String(user)
        return (host.lowercased(), String(remote[remote.index(after: colon)...]))
    }
}
