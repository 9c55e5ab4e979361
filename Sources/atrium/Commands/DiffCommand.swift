import ArgumentParser
import AtriumCore
import AtriumGit
import Foundation

struct DiffCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "diff",
        abstract: "Show who gains or loses access between two revisions (no server needed).",
        discussion: """
            Compares the effective access (after Grants, selectors, expiries and policy) declared \
            at --base and --head: per workspace, who gains access, who loses it, whose role \
            changes, link sharing, new and removed workspaces and FactoryTemplates, and Config \
            changes. When --base is a branch, the diff starts at its merge base with --head, as a \
            pull request shows it. Needs no credentials, so it runs on pull requests from forks.
            Exit codes: 0 done, 1 the head revision is invalid, 2 the repository or a revision \
            could not be read, 3 a change matched --fail-on.
            """
    )

    @Option(help: "The revision to compare against: a branch (its merge base with --head is used), tag or SHA.")
    var base: String

    @Option(help: "The revision with the changes.")
    var head: String = "HEAD"

    @Option(help: "The git repository (a working tree or a bare repository; parents are searched).")
    var repo: String = "."

    @Option(help: "The folder (or single file) holding the desired state, relative to the repository's root.")
    var path: String = ""

    @Option(help: "Output: text, json or markdown (for a pull-request comment).")
    var format: PlanFormat = .text

    @Option(
        parsing: .upToNextOption,
        help: ArgumentHelp(
            "Exit 3 when a change of these kinds is found (comma-separated or repeated).",
            discussion: "Kinds: \(AccessDiff.FailOn.allCases.map(\.rawValue).joined(separator: ", ")).",
            valueName: "kind"))
    var failOn: [String] = []

    @Option(help: "Judge expiries at this RFC 3339 time instead of the clock.")
    var now: String?

    @Flag(help: "Name the commit behind each change in text output (json and markdown always do).")
    var provenance = false

    func validate() throws {
        _ = try failKinds()
        _ = try parseNow(now)
    }

    private func failKinds() throws -> [AccessDiff.FailOn] {
        try failOn.flatMap { $0.split(separator: ",") }.map { raw in
            let name = raw.trimmingCharacters(in: .whitespaces)
            guard let kind = AccessDiff.FailOn(rawValue: name) else {
                throw ValidationError(
                    "--fail-on `\(name)` is not a kind of change (use "
                        + "\(AccessDiff.FailOn.allCases.map(\.rawValue).joined(separator: ", ")))"
                )
            }
            return kind
        }
    }

    func run() throws {
        try ErrorReport.guarding(json: format == .json) { try execute() }
    }

    /// The command, whose failure `run` reports in JSON too with `--format json`.
    private func execute() throws {
        let clock = try parseNow(now)
        let kinds = try failKinds()
        let loaded: AccessDiff.Loaded
        do {
            loaded = try AccessDiff.load(repository: repo, base: base, head: head, prefix: path, now: clock)
        } catch {
            Terminal.standardError("error: \(error)")
            throw ExitCode.unreadable
        }
        let printer = DiagnosticPrinter(color: Terminal.useColor(on: 2))
        if !loaded.head.isValidApartFromRules {
            for diagnostic in loaded.head.diagnostics { Terminal.standardError(printer.line(for: diagnostic)) }
            Terminal.standardError(
                "error: the desired state at \(head) (\(loaded.head.commit.prefix(12))) is invalid "
                    + "(\(plural(loaded.head.errorCount, "error"))); fix it before comparing (atrium validate "
                    + "--rev \(head))"
            )
            throw ExitCode.error
        }
        if !loaded.base.isValid {
            Terminal.standardError(
                "warning: the desired state at \(base) (\(loaded.base.commit.prefix(12))) is invalid "
                    + "(\(plural(loaded.base.errorCount, "error"))); compared with what of it is valid"
            )
        }
        let diff = loaded.diff
        let failures = diff.failures(kinds)
        switch format {
        case .text:
            Terminal.standardOutput(
                AccessDiffFormatter(color: Terminal.useColor(on: 1), provenance: provenance).text(diff))
        case .markdown:
            Terminal.standardOutput(AccessDiffFormatter().markdown(diff, failures: failures))
        case .json:
            Terminal.standardOutput(try JSONFormat.text(diff))
        }
        if kinds.contains(where: { $0 == .rule || $0 == .any }), !diff.ruleViolations.isEmpty {
            Terminal.standardError(
                "error: \(head) breaks sharing rules (\(plural(diff.ruleViolations.count, "violation"))), "
                    + "--fail-on rule:")
            for violation in diff.ruleViolations.prefix(20) { Terminal.standardError(printer.line(for: violation)) }
            throw ExitCode.checkFailed
        }
        if !failures.isEmpty {
            let kindsText = kinds.filter { kind in failures.contains(where: kind.matches) }.map(\.rawValue).joined(
                separator: ", ")
            Terminal.standardError("error: \(plural(failures.count, "change")) matched --fail-on (\(kindsText)):")
            for change in failures.prefix(20) {
                Terminal.standardError("  \(change.workspace ?? change.template ?? "config"): \(change.phrase)")
            }
            throw ExitCode.checkFailed
        }
    }
}
