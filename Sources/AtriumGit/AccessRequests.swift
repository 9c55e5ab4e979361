package import AtriumCore
import AtriumYAML
internal import CLibGit2
package import Foundation

/// `atrium request`: an access request as a commit on a new branch, checked first against
/// everything `validate` checks (the SharingRules' `maxDuration` among them), pushed when asked;
/// and `atrium request prune`: the removal of request files whose grants have all expired.
package enum AccessRequests {
    /// What a request or a prune left: the branch, its commit, and the page that opens its pull
    /// request when the remote is on GitHub or GitLab.
    package struct Outcome: Sendable {
        package var branch: String
        package var base: String
        package var commit: String
        package var files: [String]
        package var pushed: Bool
        package var pullRequest: URL?
    }

    /// Why a request was not written: what `validate` finds wrong with it, in its file.
    package struct Refused: Error, Sendable {
        package var diagnostics: [Diagnostic]
    }

    /// Checks `document` against the desired state at `base`, commits it on its own branch, and
    /// pushes the branch with `credentials` when given.
    package static func write(
        _ document: RequestDocument, repository: String, base: String, prefix: String, now: Date,
        push credentials: GitCredentials?
    ) throws -> Outcome {
        let source = try GitSource(path: repository)
        let folder = GitSource.normalize(prefix)
        let path = folder.isEmpty ? document.path : "\(folder)/\(document.path)"
        var snapshot = try source.snapshot(at: base, under: folder)
        snapshot.files.append(SourceFile(path: path, bytes: Array(document.yaml.utf8)))
        snapshot.committedAt = nil
        let problems = DesiredStateLoader.load(snapshot, now: now).diagnostics.filter {
            $0.severity == .error && $0.location?.file == path
        }
        guard problems.isEmpty else { throw Refused(diagnostics: problems) }
        let commit = try source.commit(
            [.write(path: path, contents: Array(document.yaml.utf8))], on: base, asBranch: document.branch,
            message: document.commitMessage)
        return try finish(source, branch: document.branch, base: base, commit: commit, files: [path], credentials)
    }

    /// Commits the removal of every request file (under `requests/`) whose grants have all
    /// expired at `now` on a new branch; `nil` when there is none.
    package static func prune(
        repository: String, base: String, prefix: String, now: Date, push credentials: GitCredentials?
    ) throws -> Outcome? {
        let source = try GitSource(path: repository)
        let folder = GitSource.normalize(prefix)
        let requests = folder.isEmpty ? "requests/" : "\(folder)/requests/"
        let state = DesiredStateLoader.load(try source.snapshot(at: base, under: folder), now: now).state
        var files: [String: Bool] = [:]
        func note(_ file: String, expired: Bool) {
            guard file.hasPrefix(requests) else { return }
            files[file] = (files[file] ?? true) && expired
        }
        for grant in state.grants {
            note(
                grant.location.file, expired: !grant.grants.isEmpty && grant.grants.allSatisfy { $0.isExpired(at: now) }
            )
        }
        for requested in state.requestedGrants {
            let expiries =
                requested.grants.map { $0.isExpired(at: now) } + requested.members.map { $0.isExpired(at: now) }
            note(requested.location.file, expired: !expiries.isEmpty && !expiries.contains(false))
        }
        let expired = files.filter(\.value).keys.sorted()
        guard !expired.isEmpty else { return nil }
        let stamp = Timestamp.format(now).filter { $0 != "-" && $0 != ":" }
        let branch = "request/prune-\(stamp)"
        let message =
            "Prune \(expired.count) expired access request\(expired.count == 1 ? "" : "s")\n\n"
            + expired.map { "- \($0)" }.joined(separator: "\n") + "\n"
        let commit = try source.commit(expired.map { .remove(path: $0) }, on: base, asBranch: branch, message: message)
        return try finish(source, branch: branch, base: base, commit: commit, files: expired, credentials)
    }

    static func finish(
        _ source: GitSource, branch: String, base: String, commit: String, files: [String],
        _ credentials: GitCredentials?
    ) throws -> Outcome {
        if let credentials { try source.push(branch: branch, credentials: credentials) }
        let target = base == "HEAD" ? (source.currentBranch() ?? "main") : base
        let url = source.remoteURL().flatMap { PullRequestURL.make(remote: $0, base: target, branch: branch) }
        return Outcome(
            branch: branch, base: target, commit: commit, files: files, pushed: credentials != nil, pullRequest: url)
    }
}

extension GitSource {
    /// The branch `HEAD` points at (`main`), or nil when it is detached.
    package func currentBranch() -> String? {
        var head: OpaquePointer?
        guard git_repository_head(&head, repository) == 0, let head else { return nil }
        defer { git_reference_free(head) }
        guard git_reference_is_branch(head) == 1 else { return nil }
        return git_reference_shorthand(head).map { String(cString: $0) }
    }
}
