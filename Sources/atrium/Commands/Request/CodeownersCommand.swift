import ArgumentParser
import AtriumCore
import Foundation

/// `atrium codeowners`: the CODEOWNERS section that makes the approvers named in git review the
/// changes and the access requests that concern them.
struct CodeownersCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "codeowners",
        abstract: "Print a CODEOWNERS section from the `approvers` of workspaces, groups, template ACLs and rules.",
        discussion: """
            Each object's file, and the folder `atrium request` writes its requests in, is owned by the \
            object's approvers (a SharingRule's cover the workspaces it covers). Paste it into \
            .github/CODEOWNERS or CODEOWNERS (GitLab), or --write FILE to replace the section between its \
            BEGIN and END lines (the rest of the file is kept). Exit codes: 0 printed; 1 invalid state; \
            2 the repository cannot be read.
            """)

    @OptionGroup var source: SourceOptions
    @Option(help: "The time expiries are judged at (RFC 3339); defaults to now.") var now: String?
    @Option(help: "Replace the section in this file instead of printing it.") var write: String?

    func run() throws {
        let clock = try parseNow(now)
        let result = try loadDesiredState(source, now: clock)
        let prefix = source.path.split(separator: "/").joined(separator: "/")
        let section = Codeowners(state: result.state, prefix: prefix, now: clock).text
        guard let write else {
            Terminal.standardOutput(String(section.dropLast()))
            return
        }
        let existing = FileManager.default.contents(atPath: write).map { String(decoding: $0, as: UTF8.self) } ?? ""
        var lines = existing.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        while lines.last == "" { lines.removeLast() }
        if let begin = lines.firstIndex(of: Codeowners.begin), let end = lines.firstIndex(of: Codeowners.end),
            begin < end
        {
            lines.replaceSubrange(begin...end, with: [String(section.dropLast())])
        } else {
            lines.append(String(section.dropLast()))
        }
        do {
            try (lines.joined(separator: "\n") + "\n").write(toFile: write, atomically: true, encoding: .utf8)
        } catch {
            Terminal.standardError("error: cannot write \(TerminalText.outside(write)): \(error.localizedDescription)")
            throw ExitCode.error
        }
        Terminal.standardError("wrote the atrium section of \(TerminalText.outside(write))")
    }
}
