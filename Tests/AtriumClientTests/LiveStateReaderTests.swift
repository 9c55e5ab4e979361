import AtriumClient
import AtriumCore
import AtriumServer
import AtriumTestSupport
import Foundation
import Logging
import Testing

/// Reading a server's listing in pages: every workspace once, whatever the page sizes.
@Suite struct LiveStateReaderTests {
    static let executor = ThreadPoolExecutor(threads: 1)

    /// 700 workspaces read with a first page of 10: the rest in about 32 larger pages (21 each),
    /// in parallel; each workspace arrives once, none is missing.
    @Test func aLargeListingIsReadWholeInLargerPages() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("atrium-reader-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let logger = quietLogger
        let (store, token) = try await makeStore(in: folder, logger: logger)
        let owners = (0..<7).map { "owner\($0)" }
        let workspaces = (0..<700).map { "{owner: \(owners[$0 % 7]), name: ws\($0), template: go-dev}" }
        let seed = """
            apiVersion: atrium/v1
            kind: Seed
            users: [\(owners.map { "{username: \($0)}" }.joined(separator: ", "))]
            templates: [{name: go-dev}]
            workspaces: [\(workspaces.joined(separator: ", "))]
            """
        try await Seeder(store: store).apply(try Seed.parse(Array(seed.utf8), file: "seed.yaml"))
        let server = try await RunningServer.start(store: store, logger: logger, executor: Self.executor)
        let client = ServerClient(baseURL: server.baseURL, token: token, logger: logger)
        do {
            let listing = try await LiveStateReader(client: client, parallelism: 4, pageSize: 10).fetch(
                organization: "default")
            // Port shares are not read here (Coder lists them one workspace at a time).
            var config = Config(scope: .all)
            config.prunePorts = false
            let live = try await LiveStateReader(client: client, parallelism: 4, pageSize: 10)
                .assemble(listing, desired: DesiredState(config: config))
            #expect(live.workspaces.count == 700)
            #expect(Set(live.workspaces.keys.map(\.name)) == Set((0..<700).map { "ws\($0)" }))
            let requests = client.requestCount
            #expect(requests < 60, "a first page of 10, then about 32 pages, not 70 (\(requests) requests)")
            let listed = try await LiveStateReader(client: client, parallelism: 4, pageSize: 10).listWorkspaces(
                query: "", organization: "default")
            #expect(listed.count == 700)
            #expect(Set(listed.map(\.id)).count == 700)
        } catch {
            await client.shutdown()
            await server.stop()
            throw error
        }
        await client.shutdown()
        await server.stop()
    }

    /// Under prune.groups every group's members are read, except the Everyone group's: its members
    /// are the organization's, never governed, and must not widen the removal limit.
    @Test func theEveryoneGroupsMembersAreNeverGoverned() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("atrium-reader-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let (store, token) = try await makeStore(in: folder, logger: quietLogger)
        let seed = """
            apiVersion: atrium/v1
            kind: Seed
            users: [{username: alice}, {username: bob}, {username: carol}]
            groups: [{name: qa, members: [alice]}]
            """
        try await Seeder(store: store).apply(try Seed.parse(Array(seed.utf8), file: "seed.yaml"))
        let server = try await RunningServer.start(store: store, logger: quietLogger, executor: Self.executor)
        let client = ServerClient(baseURL: server.baseURL, token: token, logger: quietLogger)
        var config = Config()
        config.pruneGroups = true
        let reader = LiveStateReader(client: client, parallelism: 4)
        let live = try? await reader.read(organization: "default", desired: DesiredState(config: config))
        await client.shutdown()
        await server.stop()
        #expect(live?.groups["Everyone"] != nil, "the group is known, for grants to it")
        #expect(live?.groupMembers == ["qa": ["alice"]], "\(String(describing: live?.groupMembers))")
    }
}
