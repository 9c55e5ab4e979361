import ArgumentParser
import AtriumCore
import AtriumGit
import Foundation

/// `atrium request`: access asked for through a pull request. The request is a Grant file on a
/// new branch; the repository's review (CODEOWNERS from `approvers`) is the approval; reconcile
/// grants it after the merge and removes it when it expires; `request prune` removes the file.
struct RequestCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "request",
        abstract: "Ask for access through a pull request: a Grant that expires by itself, on a new branch.",
        discussion: """
            Writes requests/workspaces/OWNER/NAME/<subject>-<time>.yaml under --path (a Grant with \
            `expires` and who asked, why, for how long), checks it as `validate` does (SharingRules' \
            maxDuration among the rest) and commits it on a new branch without touching the working tree. \
            --push pushes the branch to `origin` with the repository's credentials (ATRIUM_GIT_TOKEN, \
            --git-token-file or --ssh-key) and prints the page that opens the pull or merge request on \
            GitHub and GitLab. Exit codes: 0 committed (and pushed); 1 the request breaks a rule or \
            names what git does not declare, or the push failed; 2 the repository cannot be read.
            """,
        subcommands: [Ask.self, Prune.self], defaultSubcommand: Ask.self)

    struct Ask: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "new", abstract: "Write, check and commit one request (the default).")

        @Option(help: "The git repository.") var repo: String = "."
        @Option(help: "The revision the request branch starts from.") var base: String = "HEAD"
        @Option(help: "The folder holding the desired state, relative to the repository's root.") var path = ""
        @Option(help: "The user asking for access.") var user: String?
        @Option(help: "The group asking for access (instead of --user).") var group: String?
        @Option(help: "The workspace, as OWNER/NAME.") var workspace: String?
        @Option(help: "A template, for access to create workspaces from it (instead of --workspace).")
        var template: String?
        @Option(help: "A group to join (instead of --workspace; with --user).") var join: String?
        @Option(help: "use or admin.") var role = "use"
        @Option(name: .customLong("for"), help: "How long: 8h, 3d, 2w.") var duration: String
        @Option(help: "Why (a ticket, an incident): one line.") var reason: String
        @Option(help: "Who asks (default: git's user.name).") var requester: String?
        @Option(help: "The time of the request (RFC 3339); defaults to now.") var now: String?
        @Flag(help: "Push the branch to origin.") var push = false
        @OptionGroup var credentials: GitCredentialOptions

        func validate() throws {
            guard (user == nil) != (group == nil) else { throw ValidationError("give one of --user and --group") }
            if let problem = RequestDocument.reasonProblem(reason) { throw ValidationError("--reason \(problem)") }
            guard Role(rawValue: role) != nil else { throw ValidationError("--role is `use` or `admin`") }
            guard [workspace, template, join].compactMap({ $0 }).count == 1 else {
                throw ValidationError("give one of --workspace, --template and --join")
            }
            if join != nil, user == nil { throw ValidationError("--join takes --user: a group cannot join a group") }
        }

        func run() throws {
            let clock = try parseNow(now)
            let target = try requestTarget()
            guard let length = IntervalText.parse(duration), length >= .seconds(60) else {
                throw ValidationError("--for `\(duration)` is not a duration of a minute or more (8h, 3d, 2w)")
            }
            let subject: Subject = user.map(Subject.user) ?? .group(group ?? "")
            if let problem = NameRules.problem(with: subject.name, maxLength: 64) {
                throw ValidationError("\(subject) \(problem)")
            }
            let document = RequestDocument(
                subject: subject, target: target, role: Role(rawValue: role) ?? .use, duration: length, text: duration,
                requester: requester ?? gitUserName(repo) ?? ProcessInfo.processInfo.environment["USER"] ?? "unknown",
                reason: reason, at: clock)
            let outcome: AccessRequests.Outcome
            do {
                outcome = try AccessRequests.write(
                    document, repository: repo, base: base, prefix: path, now: clock,
                    push: push ? try credentials.credentials() : nil)
            } catch let refused as AccessRequests.Refused {
                let printer = DiagnosticPrinter(color: Terminal.useColor(on: 2))
                for diagnostic in refused.diagnostics { Terminal.standardError(printer.line(for: diagnostic)) }
                Terminal.standardError("error: the request was not written: fix what is above")
                throw ExitCode.error
            } catch let error as GitError {
                Terminal.standardError("error: \(error)")
                throw error.code == .other ? ExitCode.error : ExitCode.unreadable
            }
            Terminal.standardOutput(RequestCommand.describe(outcome, what: document.summary))
        }

        private func requestTarget() throws -> RequestDocument.Target {
            if let workspace {
                guard let id = WorkspaceID(workspace) else {
                    throw ValidationError("--workspace `\(workspace)` is not OWNER/NAME")
                }
                return .workspace(id)
            }
            let name = template ?? join ?? ""
            if let problem = NameRules.problem(with: name, maxLength: 64) {
                throw ValidationError("`\(name)` \(problem)")
            }
            return template != nil ? .template(name) : .group(name)
        }
    }

    /// What was committed, where, and how to open its pull request.
    static func describe(_ outcome: AccessRequests.Outcome, what: String) -> String {
        var lines = [
            "Committed \(what) on branch \(outcome.branch) (\(outcome.commit.prefix(12))):"
        ]
        lines += outcome.files.map { "  \(TerminalText.outside($0))" }
        if outcome.pushed {
            lines.append("Pushed \(outcome.branch) to origin.")
            if let url = outcome.pullRequest {
                lines.append("Open the pull request: \(url.absoluteString)")
            } else {
                lines.append("Open a pull request from \(outcome.branch) into \(outcome.base).")
            }
        } else {
            lines.append("Push it (git push origin \(outcome.branch), or again with --push) and open a pull request.")
        }
        return lines.joined(separator: "\n")
    }
}

/// git's `user.name` for the repository, read through libgit2.
private func gitUserName(_ repository: String) -> String? {
    (try? GitSource(path: repository))?.configString("user.name")
}
