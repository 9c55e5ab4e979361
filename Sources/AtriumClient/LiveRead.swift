import AtriumCore

/// A live read under way: the listing of one server, fetched in a task of its own while the
/// reconcile parses the desired state. Owns the client it reads with.
struct LiveRead: Sendable {
    /// The server settings the client was made for.
    let server: Config.Server
    let client: ServerClient
    let started: ContinuousClock.Instant
    let task: Task<LiveListing, any Error>

    static func start(server: Config.Server, client: ServerClient, parallelism: Int) -> LiveRead {
        let reader = LiveStateReader(client: client, parallelism: parallelism)
        let task = Task { try await reader.fetch(organization: server.organization) }
        return LiveRead(server: server, client: client, started: .now, task: task)
    }

    /// Stops a read whose result will not be used and shuts its client down.
    func discard() async {
        task.cancel()
        _ = await task.result
        await client.shutdown()
    }
}
