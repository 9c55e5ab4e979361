package import AtriumCore
import Synchronization

/// A live read under way: the listing of one server, fetched in a task of its own while the
/// reconcile parses the desired state. Owns the client it reads with.
package struct LiveRead: Sendable {
    /// The server settings the client was made for.
    package let server: Config.Server
    package let client: ServerClient
    package let started: ContinuousClock.Instant
    private let task: Task<Void, any Error>
    /// Where the task leaves the listing, for `listing()` to take: held by nothing else, the
    /// listing's memory is freed as soon as the live state is assembled from it, not kept with
    /// the task until the reconcile ends.
    private let slot: Slot
    /// The templates, as soon as they are listed (nothing when the read fails first).
    private let templates: AsyncStream<[String: LiveState.Template]>

    private final class Slot: Sendable {
        let listing = Mutex<LiveListing?>(nil)
    }

    package static func start(server: Config.Server, client: ServerClient, parallelism: Int) -> LiveRead {
        let reader = LiveStateReader(client: client, parallelism: parallelism)
        let slot = Slot()
        let (templates, known) = AsyncStream.makeStream(of: [String: LiveState.Template].self)
        let task = Task {
            defer { known.finish() }
            let listing = try await reader.fetch(organization: server.organization) { templates in
                known.yield(templates)
                known.finish()
            }
            slot.listing.withLock { $0 = listing }
        }
        return LiveRead(server: server, client: client, started: .now, task: task, slot: slot, templates: templates)
    }

    /// The server's templates by name, once listed; nil when the read ended without them. Asked
    /// once.
    package func listedTemplates() async -> [String: LiveState.Template]? {
        for await templates in self.templates { return templates }
        return nil
    }

    /// The listing, once read (or the error that stopped it). Taken once.
    package func listing() async throws -> LiveListing {
        // The read runs in a task of its own: cancelling the caller (a controller stopping)
        // cancels it too, so a request that hangs is not waited for.
        let task = self.task
        try await withTaskCancellationHandler {
            try await task.value
        } onCancel: {
            task.cancel()
        }
        guard let listing = slot.listing.withLock({ $0.take() }) else { throw CancellationError() }
        return listing
    }

    /// Stops a read whose result will not be used and shuts its client down.
    package func discard() async {
        task.cancel()
        _ = await task.result
        await client.shutdown()
    }
}
