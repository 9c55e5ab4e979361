import Hummingbird
package import Logging
import ServiceLifecycle

/// A reference server running in the background of the current process, for tests and for
/// tools that embed it. `stop()` ends it.
package final class RunningServer: Sendable {
    package let port: Int
    package let store: Store
    private let task: Task<Void, any Error>
    private let group: ServiceGroup

    init(port: Int, store: Store, task: Task<Void, any Error>, group: ServiceGroup) {
        self.port = port
        self.store = store
        self.task = task
        self.group = group
    }

    package var baseURL: String { "http://127.0.0.1:\(port)" }

    /// Starts serving `store` on 127.0.0.1 at a free port and returns once it accepts requests.
    /// With an `executor`, the server's tasks run on it rather than on the cooperative pool.
    package static func start(
        store: Store, logger: Logger, faults: FaultInjection? = nil, rateLimiter: RateLimiter? = nil,
        coderOnly: Bool = false, executor: (any TaskExecutor)? = nil
    ) async throws -> RunningServer {
        let (ports, continuation) = AsyncStream.makeStream(of: Int.self)
        let app = ReferenceServer.application(
            store: store, host: "127.0.0.1", port: 0, logger: logger, faults: faults, rateLimiter: rateLimiter,
            coderOnly: coderOnly
        ) { port in
            continuation.yield(port)
            continuation.finish()
        }
        let group = ServiceGroup(
            configuration: .init(services: [app], gracefulShutdownSignals: [], logger: logger))
        let task = Task(executorPreference: executor) { try await group.run() }
        var iterator = ports.makeAsyncIterator()
        guard let port = await iterator.next() else {
            task.cancel()
            throw SQLDatabaseError.invalidURL("the server did not start")
        }
        return RunningServer(port: port, store: store, task: task, group: group)
    }

    /// Stops accepting requests, lets the ones under way finish (at most `grace`), and waits for
    /// the server to end: a connection the server has accepted is always handled or closed, never
    /// dropped half set up.
    package func stop(grace: Duration = .seconds(5)) async {
        await group.triggerGracefulShutdown()
        let task = self.task
        let deadline = Task {
            try await Task.sleep(for: grace)
            task.cancel()
        }
        _ = await task.result
        deadline.cancel()
    }
}
