import AtriumCore
internal import CLibGit2
import Foundation

/// A bare mirror of one branch of a remote repository, kept in a folder of its own: created on
/// first use, then brought up to date by `fetch`. The whole history is fetched (never shallow),
/// so provenance can be traced; the branch lands in `refs/remotes/origin/BRANCH`.
///
/// Like `GitSource`, it owns a libgit2 handle and is not `Sendable`: open one per task. A fetch
/// talks to the network and blocks; run it off Swift's cooperative pool.
package final class GitMirror {
    package struct Remote: Sendable {
        /// `file://`, `git://`, `https://` or `ssh://` (or `user@host:path`).
        package var url: String
        package var branch: String
        package var credentials: GitCredentials

        package init(url: String, branch: String, credentials: GitCredentials = GitCredentials()) {
            self.url = url
            self.branch = branch
            self.credentials = credentials
        }

        /// The URL as it may be shown: credentials in it are hidden (an ssh:// user name is not one).
        package var displayURL: String {
            if url.hasPrefix("ssh://"), let at = url.firstIndex(of: "@"), !url[..<at].dropFirst(6).contains(":") {
                return url
            }
            return ServerURL.redacted(url)
        }
        /// Where the fetched branch is kept in the mirror.
        package var trackingRef: String { "refs/remotes/origin/\(branch)" }
    }

    package let path: String
    package let remote: Remote
    private let repository: OpaquePointer
    var handle: OpaquePointer { repository }

    /// Opens the mirror at `path`, creating a bare repository there if there is none yet, and
    /// points its `origin` at the remote's URL.
    package init(path: String, remote: Remote) throws(GitError) {
        _ = GitSource.initialize
        self.path = path
        self.remote = remote
        var handle: OpaquePointer?
        if git_repository_open_bare(&handle, path) != 0 {
            guard git_repository_init(&handle, path, 1) == 0 else {
                throw GitSource.lastError(.unreadable, "cannot create a bare repository in `\(path)`")
            }
        }
        guard let handle else { throw GitError(.unreadable, "cannot open `\(path)`") }
        repository = handle
        try pointOrigin()
    }

    deinit {
        git_repository_free(repository)
    }

    /// Fetches the branch (all of its history) and returns the SHA it now points at.
    package func fetch() throws(GitError) -> String {
        guard let origin = GitRemote.lookup("origin", in: repository) else {
            throw GitSource.lastError(.other, "the mirror in `\(path)` has no origin")
        }
        let session = FetchSession(credentials: remote.credentials, url: remote.url)
        let status = try withFetchOptions(session) { options in
            withRefspec("+refs/heads/\(remote.branch):\(remote.trackingRef)") { refspecs in
                origin.fetch(&refspecs, &options, reflog: "atrium controller: fetch")
            }
        }
        guard status == 0 else {
            if let refused = session.refusal {
                throw GitError(.unreadable, "cannot fetch \(remote.displayURL): \(refused)")
            }
            throw GitSource.lastError(.unreadable, "cannot fetch \(remote.branch) from \(remote.displayURL)")
                .redacting(remote.credentials.secrets)
        }
        return try head()
    }

    /// The SHA the fetched branch points at (from the last successful fetch).
    package func head() throws(GitError) -> String {
        var oid = git_oid()
        guard git_reference_name_to_id(&oid, repository, remote.trackingRef) == 0 else {
            throw GitError(
                .unknownRevision, "branch `\(remote.branch)` has not been fetched from \(remote.displayURL)",
                hint: "check --branch; the remote must have it")
        }
        return GitSource.sha(&oid)
    }

    private func pointOrigin() throws(GitError) {
        if let origin = GitRemote.lookup("origin", in: repository) {
            if origin.url == remote.url { return }
            guard git_remote_set_url(repository, "origin", remote.url) == 0 else {
                throw GitSource.lastError(.other, "cannot point the mirror's origin at \(remote.displayURL)")
            }
            return
        }
        guard GitRemote.create("origin", url: remote.url, in: repository) != nil else {
            throw GitSource.lastError(.other, "`\(remote.displayURL)` is not a remote libgit2 can use")
        }
    }

    private func withFetchOptions(_ session: FetchSession, _ body: (inout git_fetch_options) -> Int32) throws(GitError)
        -> Int32
    {
        var options = git_fetch_options()
        guard git_fetch_options_init(&options, UInt32(GIT_FETCH_OPTIONS_VERSION)) == 0 else {
            throw GitSource.lastError(.other, "cannot set up a fetch")
        }
        options.download_tags = GIT_REMOTE_DOWNLOAD_TAGS_NONE
        // A token is sent only to the remote's own origin: no redirect is followed.
        options.follow_redirects = GIT_REMOTE_REDIRECT_NONE
        options.callbacks.credentials = FetchSession.credentialCallback
        options.callbacks.certificate_check = FetchSession.certificateCallback
        let payload = Unmanaged.passRetained(session)
        defer { payload.release() }
        options.callbacks.payload = payload.toOpaque()
        return body(&options)
    }

    private func withRefspec<T>(_ refspec: String, _ body: (inout git_strarray) -> T) -> T {
        refspec.withCString { pointer in
            var strings: [UnsafeMutablePointer<CChar>?] = [UnsafeMutablePointer(mutating: pointer)]
            return strings.withUnsafeMutableBufferPointer { buffer in
                var array = git_strarray(strings: buffer.baseAddress, count: 1)
                return body(&array)
            }
        }
    }
}

extension GitError {
    /// The error with every secret replaced by `***`, in case a library echoed one.
    func redacting(_ secrets: [String]) -> GitError {
        var copy = self
        for secret in secrets where !secret.isEmpty {
            copy.message = copy.message.replacingOccurrences(of: secret, with: "***")
        }
        return copy
    }
}
