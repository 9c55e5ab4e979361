import AtriumTestSupport
import Foundation
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// The runner every suite starts its children with: deadlines, no inherited descriptors, no wait
/// on a pipe that a grandchild keeps open.
@Suite struct ChildProcessTests {
    let folder = FileManager.default.temporaryDirectory

    @Test func aChildPastItsDeadlineIsKilledAndNamedWithWhatItPrinted() async throws {
        let command = Command(
            "sh", ["-c", "echo started; echo warming up >&2; exec sleep 300"], in: folder, deadline: .seconds(1))
        let error = await #expect(throws: ChildProcessTimeout.self) { try await ChildProcess.run(command) }
        let text = error.map(String.init(describing:)) ?? ""
        #expect(
            text.contains(
                "`sh -c 'echo started; echo warming up >&2; exec sleep 300'` did not finish within 1.0 seconds"),
            "\(text)")
        #expect(text.contains("started") && text.contains("warming up"), "\(text)")
    }

    @Test func theDeadlineKillsWhatTheChildStartedToo() async throws {
        let marker = folder.appendingPathComponent("atrium-grandchild-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: marker) }
        // The grandchild touches the marker five times a second for as long as it lives: once the
        // run has timed out (however late a loaded machine let the deadline fire), no new touch
        // may come.
        let script = "(while true; do touch '\(marker.path)'; sleep 0.2; done) & exec sleep 300"
        await #expect(throws: ChildProcessTimeout.self) {
            try await ChildProcess.run(Command("sh", ["-c", script], in: folder, deadline: .milliseconds(500)))
        }
        try await Task.sleep(for: .milliseconds(500))
        try? FileManager.default.removeItem(at: marker)
        try await Task.sleep(for: .seconds(1))
        #expect(!FileManager.default.fileExists(atPath: marker.path), "the grandchild outlived the deadline")
    }

    @Test func aGrandchildHoldingThePipesDoesNotKeepTheRunWaiting() async throws {
        // `sleep 300` inherits stdout and stderr and outlives the shell; the run ends with the shell.
        let result = try await ChildProcess.run(
            Command("sh", ["-c", "sleep 300 & echo done"], in: folder, deadline: .seconds(60)))
        #expect(result.status == 0)
        #expect(result.stdout == "done\n")
    }

    @Test func aChildInheritsOnlyTheStandardDescriptors() async throws {
        // A descriptor this process holds open without close-on-exec, as a leaked pipe end would be.
        var ends: [Int32] = [0, 0]
        #expect(pipe(&ends) == 0)
        defer {
            close(ends[0])
            close(ends[1])
        }
        let result = try await ChildProcess.run(Command("sh", ["-c", "ls /proc/$$/fd"], in: folder))
        let descriptors = Set(result.stdout.split(separator: "\n").compactMap { Int32($0) })
        #expect(ends[0] > 2 && ends[1] > 2)
        #expect(descriptors == [0, 1, 2], "the shell holds \(descriptors); the pipe is \(ends)")
    }

    @Test func exitStatusesAndSignalsAreReportedAsAShellWould() async throws {
        #expect(try await ChildProcess.run(Command("sh", ["-c", "exit 3"], in: folder)).status == 3)
        #expect(try await ChildProcess.run(Command("sh", ["-c", "kill -TERM $$"], in: folder)).status == 128 + SIGTERM)
        await #expect(throws: ToolFailure.self) { try await ChildProcess.tool(["false"], in: folder) }
    }

    @Test func aRunningChildCanBeWatchedAndSignalled() async throws {
        let command = Command(
            "sh", ["-c", "trap 'echo interrupted; exit 7' INT; echo ready >&2; while :; do sleep 0.05; done"],
            in: folder)
        let (result, _) = try await ChildProcess.run(command) { child in
            _ = try await child.waitForStderr("ready")
            child.send(SIGINT)
        }
        #expect(result.status == 7)
        #expect(result.stdout == "interrupted\n")
    }
}
