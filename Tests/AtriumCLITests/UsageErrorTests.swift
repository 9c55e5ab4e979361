import AtriumTestSupport
import Foundation
import Testing

/// A usage mistake found after parsing is reported with the subcommand's usage and exit 64.
@Suite struct UsageErrorTests {
    @Test(arguments: [
        (["reconcile", "--max-removals", "abc"], "atrium reconcile"), (["show", "nope"], "atrium show"),
        (["validate", "--now", "yesterday"], "atrium validate"), (["export", "--scope", "bad"], "atrium export"),
        (["controller", "--repo-url", "file:///x", "--interval", "0s"], "atrium controller"),
        (["list", "--shared-with", "bob"], "atrium list"), (["factory"], "atrium factory"),
    ])
    func usageErrorsNameTheSubcommand(_ arguments: [String], _ usage: String) async throws {
        let result = try await CLI.run(arguments, in: FileManager.default.temporaryDirectory)
        #expect(result.status == 64, "\(arguments): \(result.stderr)")
        #expect(result.stderr.contains("Usage: \(usage)"), "\(arguments): \(result.stderr)")
        #expect(!result.stderr.contains("atrium <subcommand>"), "\(arguments): \(result.stderr)")
    }
}
