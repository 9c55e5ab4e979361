import AtriumTestSupport
import Foundation
import Testing

/// What a newcomer reads: a README finished in ten minutes, linking to docs/ that exist, and no
/// word of how the project was developed.
@Suite struct DocumentationTests {
    static func text(_ path: String) throws -> String {
        try String(contentsOf: CLI.packageRoot.appendingPathComponent(path), encoding: .utf8)
    }

    @Test func theReadmeStaysShortAndLinksDocsThatExist() throws {
        let readme = try Self.text("README.md")
        #expect(readme.split(separator: "\n", omittingEmptySubsequences: false).count <= 251, "at most 250 lines")
        let links = readme.matches(of: /\]\((docs\/[a-z-]+\.md)/).map { String($0.output.1) }
        #expect(
            Set(links).isSuperset(of: ["docs/cli.md", "docs/server.md", "docs/controller.md", "docs/architecture.md"]))
        for link in Set(links) {
            #expect(
                FileManager.default.fileExists(atPath: CLI.packageRoot.appendingPathComponent(link).path), "\(link)")
        }
    }

    @Test(arguments: ["README.md", "docs/cli.md", "docs/server.md", "docs/controller.md", "docs/architecture.md"])
    func noPageSpeaksOfHowItWasDeveloped(path: String) throws {
        let text = try Self.text(path).lowercased()
        for phrase in ["this session", "in this sitting", "previous session", "last session"] {
            #expect(!text.contains(phrase), "\(path) says `\(phrase)`")
        }
    }
}
