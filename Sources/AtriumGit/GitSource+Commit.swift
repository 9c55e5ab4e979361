import AtriumCore
internal import CLibGit2
import Foundation

/// Commits written straight to the object database, on a new branch: the working tree, the
/// index and the current branch are left as they are (a bare repository works too).
extension GitSource {
    /// One change to a file of a commit's tree.
    package enum FileChange: Sendable {
        case write(path: String, contents: [UInt8])
        case remove(path: String)
    }

    /// Commits `changes` on top of `base` as the new branch `branch`; returns the commit's SHA.
    /// The author and committer are the repository's `user.name` and `user.email`.
    package func commit(
        _ changes: [FileChange], on base: String, asBranch branch: String, message: String
    ) throws(GitError) -> String {
        let parent = try lookupCommit(base)
        guard let baseTree = parent.tree() else { throw missingObject("the tree of \(parent.sha.prefix(12))") }
        let reference = "refs/heads/\(branch)"
        guard git_reference_is_valid_name(reference) == 1 else {
            throw GitError(.other, "`\(branch)` is not a valid branch name", hint: "choose another name")
        }
        var existing: OpaquePointer?
        if git_reference_lookup(&existing, repository, reference) == 0 {
            git_reference_free(existing)
            throw GitError(.other, "branch `\(branch)` exists already", hint: "delete it, or name another")
        }
        let tree = try updatedTree(baseTree, changes)
        defer { git_tree_free(tree) }
        var signature: UnsafeMutablePointer<git_signature>?
        guard git_signature_default(&signature, repository) == 0, let signature else {
            throw GitError(
                .other, "the repository has no author to commit as",
                hint: "set `git config user.name` and `git config user.email`")
        }
        defer { git_signature_free(signature) }
        var id = git_oid()
        var parents: [OpaquePointer?] = [parent.handle]
        let status = parents.withUnsafeMutableBufferPointer { buffer in
            git_commit_create(
                &id, repository, reference, signature, signature, "UTF-8", message, tree, 1, buffer.baseAddress)
        }
        guard status == 0 else { throw Self.lastError(.other, "cannot commit on `\(branch)`") }
        return withUnsafePointer(to: &id) { Self.sha($0) }
    }

    /// `base` with `changes` applied: blobs written, entries upserted or removed.
    private func updatedTree(_ base: GitTree, _ changes: [FileChange]) throws(GitError) -> OpaquePointer {
        var updates: [git_tree_update] = []
        var paths: [UnsafeMutablePointer<CChar>] = []
        defer { for path in paths { free(path) } }
        for change in changes {
            var update = git_tree_update()
            switch change {
            case .write(let path, let contents):
                var blob = git_oid()
                let status = contents.withUnsafeBytes {
                    git_blob_create_from_buffer(&blob, repository, $0.baseAddress, $0.count)
                }
                guard status == 0 else { throw Self.lastError(.other, "cannot write `\(path)`") }
                update.action = GIT_TREE_UPDATE_UPSERT
                update.id = blob
                update.filemode = GIT_FILEMODE_BLOB
                paths.append(strdup(path))
            case .remove(let path):
                update.action = GIT_TREE_UPDATE_REMOVE
                paths.append(strdup(path))
            }
            update.path = UnsafePointer(paths[paths.count - 1])
            updates.append(update)
        }
        var treeID = git_oid()
        let status = updates.withUnsafeMutableBufferPointer { buffer in
            git_tree_create_updated(&treeID, repository, base.handle, buffer.count, buffer.baseAddress)
        }
        guard status == 0 else { throw Self.lastError(.other, "cannot build the commit's tree") }
        var tree: OpaquePointer?
        guard git_tree_lookup(&tree, repository, &treeID) == 0, let tree else {
            throw Self.lastError(.missingObject, "the new tree is missing")
        }
        return tree
    }

    /// The URL of the remote `name` (`origin`), or nil when it has none.
    package func remoteURL(_ name: String = "origin") -> String? {
        GitRemote.lookup(name, in: repository)?.url
    }

    /// Pushes `branch` to the remote `name` with `credentials` (a token goes only to the remote's
    /// own origin; no redirect is followed).
    package func push(branch: String, to name: String = "origin", credentials: GitCredentials) throws(GitError) {
        guard let remote = GitRemote.lookup(name, in: repository), let url = remote.url else {
            throw GitError(.other, "the repository has no remote `\(name)`", hint: "add one, or leave out --push")
        }
        let session = FetchSession(credentials: credentials, url: url)
        var options = git_push_options()
        guard git_push_options_init(&options, UInt32(GIT_PUSH_OPTIONS_VERSION)) == 0 else {
            throw Self.lastError(.other, "cannot set up a push")
        }
        options.follow_redirects = GIT_REMOTE_REDIRECT_NONE
        options.callbacks.credentials = FetchSession.credentialCallback
        options.callbacks.certificate_check = FetchSession.certificateCallback
        options.callbacks.push_update_reference = FetchSession.pushUpdateCallback
        let payload = Unmanaged.passRetained(session)
        defer { payload.release() }
        options.callbacks.payload = payload.toOpaque()
        let refspec = "refs/heads/\(branch):refs/heads/\(branch)"
        let status = refspec.withCString { pointer in
            var strings: [UnsafeMutablePointer<CChar>?] = [UnsafeMutablePointer(mutating: pointer)]
            return strings.withUnsafeMutableBufferPointer { buffer in
                var array = git_strarray(strings: buffer.baseAddress, count: 1)
                return remote.push(&array, &options)
            }
        }
        let displayURL = GitMirror.Remote(url: url, branch: branch).displayURL
        guard status == 0, session.refusal == nil else {
            let why = session.refusal ?? Self.lastError(.other, "").message.trimmingPrefix(": ").description
            throw GitError(.unreadable, "cannot push `\(branch)` to \(displayURL): \(why)")
                .redacting(credentials.secrets)
        }
    }
}

extension GitSource {
    /// A string from the repository's configuration (with the user's and the system's), or nil.
    package func configString(_ name: String) -> String? {
        var config: OpaquePointer?
        guard git_repository_config_snapshot(&config, repository) == 0, let config else { return nil }
        defer { git_config_free(config) }
        var value: UnsafePointer<CChar>?
        guard git_config_get_string(&value, config, name) == 0, let value else { return nil }
        return String(cString: value)
    }
}
