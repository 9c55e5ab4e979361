import ArgumentParser
import AtriumCore
import AtriumGit
import AtriumYAML
import Foundation

/// `atrium review`: access review campaigns in git. `start` writes the campaign, reviewers decide
/// in a pull request, `status` shows progress (and fails when overdue), `apply` removes what was
/// revoked on a new branch.
struct ReviewCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "review",
        abstract: "Access review campaigns: every grant under its reviewer, decided in a pull request.",
        subcommands: [Start.self, Status.self, Apply.self, Report.self])

    struct Start: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Write reviews/NAME.yaml: every effective grant at the revision, by reviewer, pending.",
            discussion: "Exit codes: 0 written; 1 invalid state or the file exists; 2 the repository cannot be read.")

        @OptionGroup var source: SourceOptions
        @Option(help: "The campaign's name (2026-q4).") var name: String
        @Option(help: "When decisions and removals are due (a date or RFC 3339 time).") var due: String
        @Option(help: "The time the campaign starts (RFC 3339); defaults to now.") var now: String?

        func run() throws {
            let clock = try parseNow(now)
            if let problem = NameRules.problem(with: name, maxLength: 63) {
                throw ValidationError("--name `\(name)` \(problem)")
            }
            guard let dueDate = Timestamp.parse(due) else { throw ValidationError("--due `\(due)` is not a date") }
            let result = try loadDesiredState(source, now: clock)
            let writer = ReviewCampaignWriter(name: name, due: dueDate, startedAt: clock, commit: result.commit)
            let folder = try reviewFolder()
            let file = folder.appendingPathComponent("\(name).yaml")
            guard !FileManager.default.fileExists(atPath: file.path) else {
                Terminal.standardError(
                    "error: \(TerminalText.outside(file.path)) exists already (name another campaign)")
                throw ExitCode.error
            }
            do {
                try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
                try writer.yaml(result.state).write(to: file, atomically: true, encoding: .utf8)
            } catch {
                Terminal.standardError(
                    "error: cannot write \(TerminalText.outside(file.path)): \(error.localizedDescription)")
                throw ExitCode.error
            }
            let assignments = writer.assignments(result.state)
            Terminal.standardOutput(
                "Wrote \(TerminalText.outside(file.path)): \(assignments.reduce(0) { $0 + $1.grants.count }) grants "
                    + "for \(assignments.count) reviewer(s), due \(Timestamp.format(dueDate)); commit it and open a "
                    + "pull request for the reviewers.")
        }

        /// `reviews/` under --path in the working tree.
        private func reviewFolder() throws -> URL {
            guard let root = try GitSource(path: source.repo).workdir else {
                throw ValidationError("a review is written into a working tree; --repo is a bare repository")
            }
            return URL(fileURLWithPath: root).appendingPathComponent(source.path).appendingPathComponent("reviews")
        }
    }

    struct Status: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Progress of each campaign by reviewer; fails when one is overdue.",
            discussion: "Exit codes: 0 on time; 3 a campaign is past its due date with decisions pending or revoked "
                + "grants still in git; 1 invalid state or no such campaign; 2 the repository cannot be read.")

        @OptionGroup var source: SourceOptions
        @Option(help: "Only this campaign.") var name: String?
        @Option(help: "The time judged against (RFC 3339); defaults to now.") var now: String?

        func run() throws {
            let clock = try parseNow(now)
            // Read even when invalid: a campaign past its due date with revocations left makes it so.
            let result: LoadResult
            do {
                result = try DesiredStateLoader.load(source.loaderOptions, now: clock)
            } catch {
                Terminal.standardError("error: \(error)")
                throw ExitCode.unreadable
            }
            let campaigns = result.state.reviews.filter { name == nil || $0.name == name }
            guard !campaigns.isEmpty else {
                Terminal.standardError("error: no review\(name.map { " `\($0)`" } ?? "") at \(source.rev)")
                throw ExitCode.error
            }
            var overdue = false
            var lines: [String] = []
            for campaign in campaigns {
                let progress = ReviewProgress(campaign, state: result.state, now: clock)
                overdue = overdue || progress.isOverdue
                let state = progress.isOverdue ? "OVERDUE" : (clock > campaign.due ? "done" : "open")
                lines.append("\(campaign.name): due \(Timestamp.format(campaign.due)), \(state)")
                lines += progress.reviewers.map { "  " + ReviewProgress.describe($0) }
            }
            Terminal.standardOutput(lines.joined(separator: "\n"))
            if overdue { throw ExitCode.checkFailed }
        }
    }

    struct Apply: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Commit the removal of every grant a campaign revoked, on a new branch.",
            discussion: "Exit codes: 0 committed (or nothing to remove); 1 some declarations must be edited by hand "
                + "(listed), or the push failed; 2 the repository cannot be read.")

        @Option(help: "The git repository.") var repo: String = "."
        @Option(help: "The revision the branch starts from.") var base: String = "HEAD"
        @Option(help: "The folder holding the desired state.") var path = ""
        @Option(help: "The campaign.") var name: String
        @Option(help: "The time judged against (RFC 3339); defaults to now.") var now: String?
        @Flag(help: "Push the branch to origin.") var push = false
        @OptionGroup var credentials: GitCredentialOptions

        func run() throws {
            let clock = try parseNow(now)
            let result: ReviewApply.Result
            do {
                result = try ReviewApply.apply(
                    campaign: name, repository: repo, base: base, prefix: path, now: clock,
                    push: push ? try credentials.credentials() : nil)
            } catch let error as GitError {
                Terminal.standardError("error: \(error)")
                throw error.code == .other ? ExitCode.error : ExitCode.unreadable
            }
            if let outcome = result.outcome {
                Terminal.standardOutput(
                    RequestCommand.describe(outcome, what: "the removal of \(result.removed.count) revoked grant(s)"))
            } else if result.left.isEmpty {
                Terminal.standardOutput("Nothing to remove: every grant `\(name)` revoked is gone from git.")
            }
            guard result.left.isEmpty else {
                Terminal.standardError("error: edit these by hand (atrium cannot remove them where they are written):")
                for place in result.left { Terminal.standardError("  \(TerminalText.outside(place))") }
                throw ExitCode.error
            }
        }
    }
}
