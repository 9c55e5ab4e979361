import ArgumentParser
import AtriumCore
import Foundation

struct FactoryCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "factory",
        abstract: "Render a FactoryTemplate's onboarding link (Coder, Che, Gitpod) or factory JSON (che-factory-v4).")

    @Argument(help: "The FactoryTemplate's name.")
    var name: String

    @Option(name: .customLong("set"), help: "An input value, NAME=VALUE (repeatable).")
    var values: [String] = []

    @OptionGroup var source: SourceOptions

    func run() throws {
        let loaded = try loadDesiredState(source, now: Date())
        guard let template = loaded.state.factoryTemplates.first(where: { $0.name == name }) else {
            let names = loaded.state.factoryTemplates.map(\.name)
            Terminal.standardError("error: no FactoryTemplate named `\(name)` at \(loaded.commit.prefix(12))\(Suggestion.didYouMean(name, in: names).map { " (\($0))" } ?? "")")
            throw ExitCode(1)
        }
        var inputs: [String: String] = [:]
        for pair in values {
            guard let equals = pair.firstIndex(of: "=") else { throw ValidationError("--set takes NAME=VALUE, not `\(pair)`") }
            inputs[String(pair[..<equals])] = String(pair[pair.index(after: equals)...])
        }
        do {
            Terminal.standardOutput(try FactoryRenderer(template).render(inputs).text)
        } catch {
            let printer = DiagnosticPrinter(color: Terminal.useColor(on: 2))
            for diagnostic in error.diagnostics { Terminal.standardError(printer.line(for: diagnostic)) }
            throw ExitCode(1)
        }
    }
}
