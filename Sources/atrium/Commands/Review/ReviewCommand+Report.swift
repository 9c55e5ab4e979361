import ArgumentParser
import AtriumCore
import AtriumGit
import Foundation

extension ReviewCommand {
    /// `atrium review report`: the evidence pack for a period.
    struct Report: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Every grant in force in a period: granted in, approved by, reviewed in, ended.",
            discussion: """
                Reads the branch's first-parent history from the last commit before --since to the last \
                before --until, the review campaigns at --until, and the controller's --audit-log for what it \
                removed as drift. Exit codes: 0 written; 1 unreadable audit log; 2 the repository cannot be read.
                """)

        enum Format: String, ExpressibleByArgument, CaseIterable { case csv, json, html }

        @Option(help: "The git repository.") var repo: String = "."
        @Option(help: "The branch whose history is read.") var on: String = "HEAD"
        @Option(help: "The folder holding the desired state.") var path = ""
        @Option(help: "The period's start (a date or RFC 3339 time).") var since: String
        @Option(help: "The period's end; defaults to now.") var until: String?
        @Option(help: "csv, json or html.") var format: Format = .csv
        @Option(help: "The controller's audit log (JSON lines), for what it removed as drift.") var auditLog: String?

        @Flag(help: "Print what the walk did, and how long it took, on stderr.") var stats = false

        func run() throws {
            let began = Date()
            guard let start = Timestamp.parse(since) else { throw ValidationError("--since `\(since)` is not a date") }
            let end =
                try until.map { text in
                    guard let date = Timestamp.parse(text) else {
                        throw ValidationError("--until `\(text)` is not a date")
                    }
                    return date
                } ?? Date()
            let drift = try driftRemovals(start, end)
            let pack: EvidencePack
            do {
                let history = try EvidenceHistory(repository: repo, prefix: path)
                pack = try history.pack(branch: on, since: start, until: end, drift: drift)
                if stats {
                    let walked = history.stats
                    Terminal.standardError(
                        "stats: \(walked.commits) commits, \(walked.filesDecoded) files decoded, "
                            + "\(walked.fullWorkings) worked out whole, \(pack.records.count) records, total "
                            + String(format: "%.2f s", Date().timeIntervalSince(began)))
                }
            } catch {
                Terminal.standardError("error: \(error)")
                throw ExitCode.unreadable
            }
            switch format {
            case .csv: Terminal.standardOutput(EvidencePackFormatter.csv(pack))
            case .json: Terminal.standardOutput(try JSONFormat.text(pack))
            case .html: Terminal.standardOutput(EvidencePackFormatter.html(pack))
            }
        }

        /// The removals of what git did not declare (no declaration behind them) in the period.
        private func driftRemovals(_ start: Date, _ end: Date) throws -> [EvidencePack.DriftRemoval] {
            guard let auditLog else { return [] }
            guard let data = FileManager.default.contents(atPath: auditLog) else {
                Terminal.standardError("error: the audit log \(TerminalText.outside(auditLog)) cannot be read")
                throw ExitCode.error
            }
            struct Entry: Decodable {
                var at: String
                var commit: String
                var action: PlanAction
            }
            var removals: [EvidencePack.DriftRemoval] = []
            for (number, line) in data.split(separator: 0x0A).enumerated() {
                guard let entry = try? JSONDecoder().decode(Entry.self, from: Data(line)),
                    let at = Timestamp.parse(entry.at)
                else {
                    Terminal.standardError("warning: line \(number + 1) of the audit log is not an entry; skipped")
                    continue
                }
                guard at >= start, at <= end, entry.action.change.isRemoval, entry.action.sources.isEmpty else {
                    continue
                }
                removals.append(EvidencePack.DriftRemoval(at: at, commit: entry.commit, action: entry.action))
            }
            return removals
        }
    }
}
