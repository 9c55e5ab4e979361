import AtriumTestSupport
import Foundation
import Testing

/// Output to a reader that has gone (`atrium … | head -1`) or to a full disk: never a crash.
/// A closed pipe ends the output quietly and the command exits as its work went; a full disk
/// is one line on stderr and exit 1.
@Suite struct ClosedOutputTests {
    @Test func aClosedPipeEndsTheOutputQuietly() async throws {
        let repo = try await CLI.examplesRepository()
        defer { try? FileManager.default.removeItem(at: repo) }
        for arguments in [
            ["validate", "--path", "examples/acme"], ["validate", "--path", "examples/acme", "--format", "json"],
        ] {
            let result = try await ClosedOutput.run("closed-pipe", CLI.executable.path, arguments, in: repo)
            #expect(result.status == 0, "\(arguments): \(result.stderr)")
            #expect(
                !result.stderr.contains("Fatal error") && !result.stderr.contains("Backtrace"),
                "\(arguments): \(result.stderr)")
        }
    }

    @Test func aFullDiskIsOneLineAndExit1() async throws {
        guard FileManager.default.fileExists(atPath: "/dev/full") else { return }
        let repo = try await CLI.examplesRepository()
        defer { try? FileManager.default.removeItem(at: repo) }
        let result = try await ClosedOutput.run(
            "/dev/full", CLI.executable.path, ["validate", "--path", "examples/acme"], in: repo)
        #expect(result.status == 1, "\(result.stderr)")
        #expect(
            result.stderr.trimmingCharacters(in: .newlines)
                == "error: cannot write the output: no space left on device", "\(result.stderr)")
    }
}
