import AtriumClient
import AtriumCore
import AtriumGit
import AtriumReconcile
import AtriumServer
import AtriumTestSupport
import AtriumYAML
import Foundation
import Logging
import Synchronization
import Testing

/// The Reconciler as a library, as the controller will call it: a real server on loopback (on its
/// own executor), a real git repository, typed results and errors.
@Suite struct ReconcilerTests {
    static let executor = ThreadPoolExecutor(threads: 1)
    static let now = Timestamp.parse("2026-11-22T00:00:00Z")!

    /// A server seeded with alice, bob and the go-dev template; a repository declaring one
    /// workspace shared with bob. Runs `body`, then removes both.
    func withSetup(
        _ sharing: String = "{users: {bob: use}}", faults: FaultInjection? = nil,
        _ body: (RunningServer, String, URL) async throws -> Void
    ) async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent(
            "atrium-reconciler-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let logger = quietLogger
        let (store, token) = try await makeStore(in: folder, logger: logger)
        let seed =
            "apiVersion: atrium/v1\nkind: Seed\nusers: [{username: alice}, {username: bob}]\ntemplates: "
            + "[{name: go-dev}]\n"
        try await Seeder(store: store).apply(try Seed.parse(Array(seed.utf8), file: "seed.yaml"))
        let server = try await RunningServer.start(
            store: store, logger: logger, faults: faults, executor: Self.executor)
        let repo = folder.appendingPathComponent("repo")
        try FileManager.default.createDirectory(at: repo, withIntermediateDirectories: true)
        try await ChildProcess.tool(["git", "init", "-q", "-b", "main"], in: repo)
        try await commit(
            repo,
            "apiVersion: atrium/v1\nkind: Workspace\nmetadata: {name: api, owner: alice}\nspec:\n  template: "
                + "go-dev\n  sharing: \(sharing)\n"
        )
        do {
            try await body(server, token, repo)
        } catch {
            await server.stop()
            throw error
        }
        await server.stop()
    }

    func commit(_ repo: URL, _ text: String) async throws {
        try text.write(to: repo.appendingPathComponent("api.yaml"), atomically: true, encoding: .utf8)
        try await ChildProcess.tool(["git", "add", "-A"], in: repo)
        try await ChildProcess.tool(["git", "commit", "-q", "-m", "change"], in: repo)
    }

    /// Commits a Config document whose `kind:` is written as `kind` (plain or escaped) beside one
    /// workspace without grants.
    func commitConfig(_ repo: URL, kind: String) async throws {
        try "apiVersion: atrium/v1\nkind: \(kind)\nserver: {organization: default, tokenEnv: OTHER_TOKEN}\n"
            .write(to: repo.appendingPathComponent("atrium.yaml"), atomically: true, encoding: .utf8)
        try await commit(
            repo,
            "apiVersion: atrium/v1\nkind: Workspace\nmetadata: {name: api, owner: alice}\nspec: {template: go-dev}\n")
    }

    func reconciler(_ repo: URL, savedPlan: Plan? = nil) -> Reconciler {
        Reconciler(.init(source: .init(repository: repo.path), now: Self.now, parallelism: 2, savedPlan: savedPlan))
    }

    func connect(_ server: RunningServer, _ token: String) -> (Config.Server) throws -> ServerClient {
        { _ in ServerClient(baseURL: server.baseURL, token: token, logger: Logger(label: "test")) }
    }

    @Test func declinedPlansAreNotAppliedAndAcceptedOnesConverge() async throws {
        try await withSetup { server, token, repo in
            let dry = try await reconciler(repo).run(connect: connect(server, token), decide: { _ in false })
            #expect(dry.plan.actions.map(\.kind) == [.createWorkspace, .share])
            #expect(dry.report == nil)
            #expect(dry.plan.actions.last?.sources.first?.commit != nil, "provenance was traced")
            #expect(dry.requests > 0)

            var seen: Plan?
            let applied = try await reconciler(repo).run(
                connect: connect(server, token),
                decide: {
                    seen = $0.plan
                    return true
                })
            #expect(seen?.actions.count == 2)
            #expect(applied.report?.succeeded == true)
            #expect(applied.report?.appliedCount == 2)

            let again = try await reconciler(repo).run(connect: connect(server, token), decide: { _ in true })
            #expect(again.plan.isEmpty)
            #expect(again.report?.entries.isEmpty ?? true)
        }
    }

    /// The live state is read while the desired state loads; an invalid state still stops the
    /// reconcile with its own findings, before any write, whatever the server answered.
    @Test func anInvalidStateStopsBeforeAnyWriteWithItsOwnFindings() async throws {
        try await withSetup("{users: {bob: superuser}}") { server, token, repo in
            await #expect {
                try await reconciler(repo).run(connect: connect(server, token), decide: { _ in true })
            } throws: { error in
                guard case ReconcileError.invalid(let loaded) = error else { return false }
                return loaded.errorCount == 1
            }
            let admin = ServerClient(baseURL: server.baseURL, token: token, logger: Logger(label: "test"))
            let live = try await LiveStateReader(client: admin).listWorkspaces(query: "", organization: "default")
            await admin.shutdown()
            #expect(live.isEmpty, "nothing was created")
            // A server that cannot be reached: the state's findings, not the connection's failure.
            let closed = try freePort()
            await #expect {
                try await reconciler(repo).run(
                    connect: { _ in
                        ServerClient(baseURL: "http://127.0.0.1:\(closed)", token: token, logger: Logger(label: "test"))
                    }, decide: { _ in true })
            } throws: { error in
                guard case ReconcileError.invalid = error else { return false }
                return true
            }
        }
    }

    /// One client, made for the Config's server, when the first pass finds the Config.
    @Test func theServerTheConfigNamesIsConnectedOnce() async throws {
        try await withSetup { server, token, repo in
            try await commitConfig(repo, kind: "Config")
            let servers = Recorder<Config.Server>()
            let result = try await reconciler(repo).run(
                connect: {
                    servers.add($0)
                    return try connect(server, token)($0)
                }, decide: { _ in false })
            #expect(result.plan.actions.map(\.kind) == [.createWorkspace])
            #expect(servers.values == [Config.Server(tokenEnv: "OTHER_TOKEN")])
        }
    }

    /// When the full load's Config differs from the first pass's guess (a `kind` the first pass
    /// cannot see), the early read is discarded and the live state read again from the server
    /// the Config names.
    @Test func aGuessTheLoadDisprovesIsDiscarded() async throws {
        try await withSetup { server, token, repo in
            try await commitConfig(repo, kind: "\"\\x43onfig\"")
            let servers = Recorder<Config.Server>()
            let closed = try freePort()
            let result = try await reconciler(repo).run(
                connect: { settings in
                    servers.add(settings)
                    // The guess points nowhere: had its read been used, the reconcile would fail.
                    let url = settings.tokenEnv == "OTHER_TOKEN" ? server.baseURL : "http://127.0.0.1:\(closed)"
                    return ServerClient(baseURL: url, token: token, logger: Logger(label: "test"))
                }, decide: { _ in false })
            #expect(servers.values == [Config.Server(), Config.Server(tokenEnv: "OTHER_TOKEN")])
            #expect(result.plan.actions.map(\.kind) == [.createWorkspace])
        }
    }

    @Test func aSavedPlanFromAnotherCommitIsRefused() async throws {
        try await withSetup { server, token, repo in
            let saved = try await reconciler(repo).run(connect: connect(server, token), decide: { _ in false }).plan
            try await commit(
                repo,
                "apiVersion: atrium/v1\nkind: Workspace\nmetadata: {name: api, owner: alice}\nspec:\n  "
                    + "template: go-dev\n"
            )
            var decided = false
            await #expect {
                try await reconciler(repo, savedPlan: saved).run(
                    connect: connect(server, token),
                    decide: { _ in
                        decided = true
                        return true
                    })
            } throws: { error in
                guard case ReconcileError.savedPlanCommit(let old, let current, _) = error else { return false }
                return old == saved.commit && current != saved.commit
            }
            #expect(!decided)
        }
    }

    /// The guards hold in the library, whatever the caller answers: a plan over the removal limit,
    /// an organization-setting change without leave and a dry run are shown but never applied,
    /// and `decide` is not asked about them.
    @Test func refusedPlansAreNeverAppliedWhateverTheCallerDecides() async throws {
        try await withSetup { server, token, repo in
            let first = try await reconciler(repo).run(connect: connect(server, token), decide: { _ in true })
            #expect(first.report?.succeeded == true)
            func grants() async throws -> Int {
                guard let alice = try await server.store.user("alice"),
                    let api = try await server.store.workspace(ownerID: alice.id, name: "api")
                else {
                    return -1
                }
                return api.users.count + api.groups.count
            }
            #expect(try await grants() == 1)

            try await commit(
                repo,
                "apiVersion: atrium/v1\nkind: Workspace\nmetadata: {name: api, owner: alice}\nspec: {template: "
                    + "go-dev}\n"
            )
            var options = Reconciler.Options(
                source: .init(repository: repo.path), now: Self.now, parallelism: 2, maxRemovals: RemovalLimit("0"))
            var asked = 0
            var shown: Refusal?
            let overLimit = try await Reconciler(options).run(
                connect: connect(server, token), planned: { shown = $0.refusal },
                decide: { _ in
                    asked += 1
                    return true
                })
            guard case .removals(let removals) = try #require(overLimit.refusal) else {
                Issue.record("not a removal refusal")
                return
            }
            #expect(
                removals.count == 1 && removals.allowed == 0, "counted once, under --max-removals: \(removals.summary)")
            #expect(shown != nil, "the caller sees the refused plan")
            #expect(overLimit.report == nil)
            #expect(asked == 0, "decide is not asked about a refused plan")
            #expect(try await grants() == 1, "nothing was removed")

            options.maxRemovals = nil
            options.dryRun = true
            let dry = try await Reconciler(options).run(
                connect: connect(server, token),
                decide: { _ in
                    asked += 1
                    return true
                })
            #expect(dry.plan.actions.map(\.kind) == [.unshare] && dry.report == nil && asked == 0)
            #expect(try await grants() == 1, "a dry run writes nothing")

            try "apiVersion: atrium/v1\nkind: Config\npolicy: {sharing: none}\n".write(
                to: repo.appendingPathComponent("atrium.yaml"), atomically: true, encoding: .utf8)
            try await commit(
                repo,
                "apiVersion: atrium/v1\nkind: Workspace\nmetadata: {name: api, owner: alice}\nspec: {template: "
                    + "go-dev}\n"
            )
            options.dryRun = false
            let orgChange = try await Reconciler(options).run(
                connect: connect(server, token),
                decide: { _ in
                    asked += 1
                    return true
                })
            guard case .orgSetting = try #require(orgChange.refusal) else {
                Issue.record("not an org-setting refusal")
                return
            }
            #expect(orgChange.report == nil && asked == 0)
            #expect(try await server.store.organization("default")?.sharing == "everyone", "the setting is unchanged")
            #expect(try await grants() == 1)
        }
    }

    /// A failed step: the report still has an entry for every action; `unapplied` holds the one
    /// that failed and the ones of the same workspace that were then not attempted.
    @Test func aFailedStepLeavesEveryActionInTheReport() async throws {
        let faults = FaultInjection()
        try await withSetup("{users: {bob: use}, link: everyone}\n  snapshots: [{name: before}]", faults: faults) {
            server, token, repo in
            faults.failWrites(containing: "/acl")
            let result = try await reconciler(repo).run(connect: connect(server, token), decide: { _ in true })
            let report = try #require(result.report)
            #expect(
                report.entries.map(\.action.kind) == result.plan.actions.map(\.kind), "one entry per action, in order")
            #expect(report.entries.map(\.outcome) == [.applied, .failed, .notAttempted, .notAttempted])
            #expect(report.unapplied.map(\.outcome) == [.failed, .notAttempted, .notAttempted])
            #expect(report.appliedCount == 1)
            #expect(!report.succeeded)
        }
    }
}

/// Values seen by a closure the code under test calls.
final class Recorder<Value: Sendable>: Sendable {
    private let storage = Mutex<[Value]>([])
    func add(_ value: Value) { storage.withLock { $0.append(value) } }
    var values: [Value] { storage.withLock { $0 } }
}
