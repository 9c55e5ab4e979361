import AtriumTestSupport
import Foundation
import Testing

#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// `atrium serve` as a user runs it: a real process, a real port, signals.
@Suite struct ServeCommandTests {
    /// A child process whose output is collected as it arrives.
    final class Child: @unchecked Sendable {
        // @unchecked: the buffers are only touched under `lock`.
        let process = Process()
        private let lock = NSLock()
        private var out = Data()
        private var err = Data()

        init(_ arguments: [String], in directory: URL) throws {
            process.executableURL = CLI.executable
            process.arguments = arguments
            process.currentDirectoryURL = directory
            let stdout = Pipe()
            let stderr = Pipe()
            process.standardOutput = stdout
            process.standardError = stderr
            stdout.fileHandleForReading.readabilityHandler = { [weak self] handle in
                let data = handle.availableData
                self?.lock.withLock { self?.out.append(data) }
            }
            stderr.fileHandleForReading.readabilityHandler = { [weak self] handle in
                let data = handle.availableData
                self?.lock.withLock { self?.err.append(data) }
            }
            try process.run()
        }

        var stdout: String { lock.withLock { String(decoding: out, as: UTF8.self) } }
        var stderr: String { lock.withLock { String(decoding: err, as: UTF8.self) } }

        /// Waits until stderr contains `marker`, and returns the text after it up to the line's end.
        func wait(for marker: String, seconds: Double = 30) async throws -> String {
            let deadline = Date().addingTimeInterval(seconds)
            while Date() < deadline {
                let text = stderr
                if let range = text.range(of: marker) {
                    return String(text[range.upperBound...].prefix { $0 != "\n" && $0 != " " && $0 != "/" })
                }
                if !process.isRunning { break }
                try await Task.sleep(for: .milliseconds(50))
            }
            throw ToolFailure(description: "no `\(marker)` in: \(stderr)")
        }

        func terminate(signal: Int32) async -> Int32 {
            kill(process.processIdentifier, signal)
            for _ in 0..<200 where process.isRunning { try? await Task.sleep(for: .milliseconds(50)) }
            process.waitUntilExit()
            return process.terminationStatus
        }
    }

    func get(_ url: String, token: String) async throws -> (Int, String) {
        var request = URLRequest(url: URL(string: url)!)
        request.setValue(token, forHTTPHeaderField: "Coder-Session-Token")
        let (data, response) = try await URLSession.shared.data(for: request)
        return ((response as? HTTPURLResponse)?.statusCode ?? 0, String(decoding: data, as: UTF8.self))
    }

    @Test(arguments: [SIGTERM, SIGINT])
    func servesSeedsLogsAndStopsCleanly(signal: Int32) async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("atrium-serve-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let arguments = [
            "serve", "--listen", "127.0.0.1:0", "--database", "sqlite:\(folder.path)/atrium.db",
            "--seed", CLI.packageRoot.appendingPathComponent("examples/seed.yaml").path, "--bootstrap-admin", "admin",
        ]
        let first = try Child(arguments, in: folder)
        let port = try await first.wait(for: "serving Coder's v2 API on http://127.0.0.1:")
        let token = first.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(token.hasPrefix("atr_"))
        #expect(!first.stderr.contains(token), "the token never appears in logs")
        let (status, body) = try await get("http://127.0.0.1:\(port)/api/v2/users/me", token: token)
        #expect(status == 200)
        #expect(body.contains("\"username\":\"admin\""))
        let (groups, _) = try await get("http://127.0.0.1:\(port)/api/v2/organizations/default/groups/qa", token: token)
        #expect(groups == 200, "the seed was loaded")
        _ = try await first.wait(for: "GET /api/v2/users/me 200")
        #expect(await first.terminate(signal: signal) == 0)

        // Restarting on the same database: the seed changes nothing, no second token is printed.
        let second = try Child(arguments, in: folder)
        let secondPort = try await second.wait(for: "serving Coder's v2 API on http://127.0.0.1:")
        #expect(try await get("http://127.0.0.1:\(secondPort)/api/v2/users/me", token: token).0 == 200)
        #expect(second.stdout.isEmpty)
        #expect(!second.stderr.contains("seed: created"))
        #expect(second.stderr.contains("user admin exists already; no token printed"))
        #expect(await second.terminate(signal: signal) == 0)
    }

    @Test func aBadSeedFileIsReportedWithItsLocation() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("atrium-seed-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        try "apiVersion: atrium/v1\nkind: Seed\nusers:\n  - {usrname: bob}\n".write(to: folder.appendingPathComponent("seed.yaml"), atomically: true, encoding: .utf8)
        let result = try CLI.run(["serve", "--database", "sqlite:\(folder.path)/a.db", "--seed", "seed.yaml"], in: folder)
        #expect(result.status == 1)
        #expect(result.stderr.contains("seed.yaml:4:6: error: unknown field `usrname` in seed user (did you mean `username`?)"))
    }
}
