import Foundation
import Subprocess
import Synchronization

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Bytes a child printed on one stream, collected as they arrive.
final class OutputBuffer: Sendable {
    private let bytes = Mutex<[UInt8]>([])
    private let closed = Atomic<Bool>(false)

    func append(_ buffer: SubprocessOutputSequence.Buffer) {
        buffer.withUnsafeBytes { chunk in bytes.withLock { $0.append(contentsOf: chunk) } }
    }

    func close() { closed.store(true, ordering: .releasing) }
    var isClosed: Bool { closed.load(ordering: .acquiring) }
    var text: String { bytes.withLock { String(decoding: $0, as: UTF8.self) } }
}

/// What a child printed, and whether its deadline passed.
final class ChildState: Sendable {
    let stdout = OutputBuffer()
    let stderr = OutputBuffer()
    private let expired = Atomic<Bool>(false)

    func expire() { expired.store(true, ordering: .releasing) }
    var hasExpired: Bool { expired.load(ordering: .acquiring) }
}

/// A child process while it runs: what it printed so far, and signals.
public struct RunningChild: Sendable {
    public let pid: Int32
    public let command: String
    let state: ChildState

    /// What the child printed on stdout so far.
    public var stdout: String { state.stdout.text }
    /// What the child printed on stderr so far.
    public var stderr: String { state.stderr.text }
    /// Whether the child closed both streams (it ended, or is about to).
    public var hasEnded: Bool { state.stdout.isClosed && state.stderr.isClosed }

    /// Sends `signal` to the child itself (not to what it started).
    public func send(_ signal: Int32) {
        _ = kill(pid, signal)
    }

    /// Waits until `condition` holds, checking every 20 ms; fails after `limit`, or when the child
    /// ended first, naming the command and what it printed.
    public func wait(
        for what: String, within limit: Duration = .seconds(60), until condition: () async throws -> Bool
    ) async throws {
        let clock = ContinuousClock()
        let deadline = clock.now.advanced(by: limit)
        while try await !condition() {
            guard !hasEnded, clock.now < deadline else {
                throw ToolFailure(
                    description:
                        "`\(command)`: no \(what) "
                        + "\(hasEnded ? "before it ended" : "within \(limit)"):\n\(stdout)\(stderr)"
                )
            }
            try await Task.sleep(for: .milliseconds(20))
        }
    }

    /// Waits until stderr contains `marker`, and returns the text after it up to the next space,
    /// slash or line end (a port number after "http://127.0.0.1:", say).
    public func waitForStderr(_ marker: String, within limit: Duration = .seconds(60)) async throws -> String {
        try await wait(for: "`\(marker)` on stderr", within: limit) { stderr.contains(marker) }
        let text = stderr
        guard let range = text.range(of: marker) else { return "" }
        return String(text[range.upperBound...].prefix { $0 != "\n" && $0 != " " && $0 != "/" })
    }

    /// Reads both streams to their end while `body` runs, killing the child's whole session when
    /// `deadline` passes or when `body` throws.
    func supervise<Value: Sendable>(
        stdout: SubprocessOutputSequence, stderr: SubprocessOutputSequence, deadline: Duration,
        body: @Sendable (RunningChild) async throws -> Value
    ) async throws -> Value {
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await Self.drain(stdout, into: state.stdout) }
            group.addTask { try await Self.drain(stderr, into: state.stderr) }
            let watchdog = Task { [pid, state] in
                guard (try? await Task.sleep(for: deadline)) != nil else { return }
                state.expire()
                _ = kill(-pid, SIGKILL)
            }
            defer { watchdog.cancel() }
            let value: Value
            do {
                value = try await body(self)
            } catch {
                _ = kill(-pid, SIGKILL)
                try? await group.waitForAll()
                throw error
            }
            try await group.waitForAll()
            return value
        }
    }

    private static func drain(_ stream: SubprocessOutputSequence, into buffer: OutputBuffer) async throws {
        defer { buffer.close() }
        for try await chunk in stream { buffer.append(chunk) }
    }
}
