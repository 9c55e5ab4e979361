import ArgumentParser
import AtriumCore
import AtriumOnboarding
import AtriumYAML
import Foundation

struct FactoryCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "factory",
        abstract:
            "Render onboarding links (Coder, Che, Gitpod) or factory JSON (che-factory-v4) from FactoryTemplates.",
        discussion: """
            With NAME, prints that template's link. With --all, renders every template for every \
            person of --values (a YAML mapping, or a list of mappings for a batch) as text, json, \
            markdown or html (an onboarding page with a table per person).
            """)

    @Argument(help: "The FactoryTemplate's name (omit with --all).")
    var name: String?

    @Flag(help: "Every template, for every person in --values.")
    var all = false

    @Option(name: .customLong("set"), help: "An input value, NAME=VALUE (repeatable).")
    var values: [String] = []

    @Option(
        name: .customLong("values"),
        help: "A YAML file of input values: one mapping, or a list of mappings (one per person).")
    var valuesFile: String?

    @Option(help: "Output: text, json, markdown or html (with NAME: text is one link per line).")
    var format: FactoryFormat = .text

    @Option(
        help: ArgumentHelp(
            "Also write one PNG QR code per link into this folder (<person>-<template>.png); with --format "
                + "html, the page shows them too.")
    )
    var qr: String?

    @OptionGroup var source: SourceOptions

    @Option(help: "The Coder server links are rendered for (overrides ATRIUM_URL and server.url in atrium.yaml).")
    var server: String?

    /// Usage mistakes are reported with this command's usage (errors thrown by `run` get the root's).
    func validate() throws {
        guard all != (name != nil) else { throw ValidationError("give a template NAME or --all, not both or neither") }
        _ = try overrides()
    }

    func run() throws {
        let now = Date()
        let loaded = try loadDesiredState(source, now: now)
        let batch = try readBatch().map { $0.merging(try overrides()) { _, new in new } }
        warnOfDeadLinks(loaded.state, batch: batch, only: name, now: now)
        if let name {
            try renderOne(name, loaded: loaded, batch: batch, now: now)
            return
        }
        let page: OnboardingPage
        do {
            page = try OnboardingPage.build(
                templates: loaded.state.factoryTemplates, batch: batch, now: now,
                serverURL: serverURL(loaded.state.config), serverURLWins: server != nil)
        } catch {
            throw report(error)
        }
        try writeQRCodes(page)
        print(page)
    }

    /// The page in the chosen format.
    private func print(_ page: OnboardingPage) {
        switch format {
        case .text: Terminal.standardOutput(page.text())
        case .markdown: Terminal.standardOutput(page.markdown())
        case .html: Terminal.standardOutput(page.html(qrCodes: qr != nil))
        case .json:
            let people: [JSONValue] = page.people.map { person in
                [
                    "values": .object(person.values.mapValues(JSONValue.string)),
                    "links": .array(
                        person.links.map {
                            [
                                "template": .string($0.template), "description": .string($0.description ?? ""),
                                "link": .string($0.text),
                            ]
                        }),
                ]
            }
            Terminal.standardOutput(JSONFormat.text(value: .array(people)))
        }
    }

    /// `factory NAME`: one link per person (one without --values), one per line.
    private func renderOne(_ name: String, loaded: LoadResult, batch: [[String: String]], now: Date) throws {
        guard let template = loaded.state.factoryTemplates.first(where: { $0.name == name }) else {
            let names = loaded.state.factoryTemplates.map(\.name)
            let place = loaded.isWorktree ? "in the working tree" : "at \(loaded.commit.prefix(12))"
            Terminal.standardError(
                "error: no FactoryTemplate named `\(name)` "
                    + "\(place)\(Suggestion.didYouMean(name, in: names).map { " (\($0))" } ?? "")"
            )
            throw ExitCode.error
        }
        var links: [FactoryRenderer.Link] = []
        do {
            for values in batch {
                links.append(
                    try FactoryRenderer(
                        template, now: now, serverURL: serverURL(loaded.state.config), serverURLWins: server != nil
                    ).render(values))
            }
        } catch {
            throw report(error)
        }
        let page = OnboardingPage(people: zip(batch, links).map { OnboardingPage.Person(values: $0, links: [$1]) })
        try writeQRCodes(page)
        guard format == .text else { return print(page) }
        for link in links { Terminal.standardOutput(link.text) }
    }

    /// `--server`, then `ATRIUM_URL`, then `server.url`, as the commands that talk to the
    /// server choose it; without credentials (the links are handed to people).
    private func serverURL(_ config: Config) -> String? {
        let environment = ProcessInfo.processInfo.environment["ATRIUM_URL"].flatMap { $0.isEmpty ? nil : $0 }
        return (server ?? environment ?? config.server.url).map(ServerURL.withoutCredentials)
    }

    /// Warns, per person, of a Coder link to a template git's declared access leaves them out
    /// of (the person is their `user` value).
    private func warnOfDeadLinks(_ state: DesiredState, batch: [[String: String]], only name: String?, now: Date) {
        let printer = DiagnosticPrinter(color: Terminal.useColor(on: 2))
        for template in state.factoryTemplates where name == nil || template.name == name {
            for values in batch {
                guard let user = values["user"],
                    let warning = state.onboardingWarning(for: template, user: user, at: now)
                else { continue }
                Terminal.standardError(printer.line(for: warning))
            }
        }
    }

    /// `--set NAME=VALUE` pairs.
    private func overrides() throws -> [String: String] {
        var overrides: [String: String] = [:]
        for pair in values {
            guard let equals = pair.firstIndex(of: "=") else {
                throw ValidationError("--set takes NAME=VALUE, not `\(pair)`")
            }
            overrides[String(pair[..<equals])] = String(pair[pair.index(after: equals)...])
        }
        return overrides
    }

    /// Prints rendering's findings; answers exit code 1.
    private func report(_ error: DiagnosticError) -> ExitCode {
        let printer = DiagnosticPrinter(color: Terminal.useColor(on: 2))
        for diagnostic in error.diagnostics { Terminal.standardError(printer.line(for: diagnostic)) }
        return ExitCode.error
    }

    /// Writes --qr's PNG files; every code is made before the first file is written.
    private func writeQRCodes(_ page: OnboardingPage) throws {
        guard let qr else { return }
        let codes: [(file: String, link: FactoryRenderer.Link, png: [UInt8])]
        do {
            codes = try page.qrCodes()
        } catch {
            Terminal.standardError("error: no QR code for \(error)")
            throw ExitCode.error
        }
        let folder = URL(fileURLWithPath: qr)
        do {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            for code in codes { try Data(code.png).write(to: folder.appendingPathComponent(code.file)) }
        } catch {
            Terminal.standardError("error: cannot write QR codes into `\(qr)`: \(error.localizedDescription)")
            throw ExitCode.error
        }
        let skipped = page.people.reduce(0) { $0 + $1.links.filter { !$0.isURL }.count }
        Terminal.standardError(
            "wrote \(plural(codes.count, "QR code")) to "
                + "\(qr)\(skipped > 0 ? " (\(skipped) factory JSON link\(skipped == 1 ? "" : "s") without one)" : "")"
        )
    }

    /// The people of --values (one empty set of values without it).
    private func readBatch() throws -> [[String: String]] {
        guard let valuesFile else { return [[:]] }
        guard let data = FileManager.default.contents(atPath: valuesFile) else {
            throw ValidationError("--values `\(valuesFile)` cannot be read")
        }
        do {
            return try FactoryValues.parse([UInt8](data), file: valuesFile)
        } catch {
            throw report(error)
        }
    }
}

enum FactoryFormat: String, ExpressibleByArgument, CaseIterable {
    case text, json, markdown, html
}
