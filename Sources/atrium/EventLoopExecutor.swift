import NIOCore
import NIOPosix

/// Where `atrium serve` on PostgreSQL runs its Swift tasks: on NIO's event loops, which then
/// carry both the HTTP server and the PostgreSQL connections, so that a request no longer hops
/// between Swift's pool and an event loop at each query (measured on 2 cores: ACL reads
/// 4,100 → 5,000/s). On SQLite it measured worse (patches 2,800 → 2,300/s: GRDB's writes resume
/// on whichever loop, behind other connections' I/O), so there the default pool stays.
/// It must be chosen before any task runs, so it looks at the raw arguments.
enum EventLoopExecutor {
    static func installIfServingPostgreSQL(_ arguments: [String]) {
        guard arguments.first == "serve" else { return }
        let database = zip(arguments, arguments.dropFirst()).first { $0.0 == "--database" }?.1
            ?? arguments.first { $0.hasPrefix("--database=") }.map { String($0.dropFirst("--database=".count)) }
        guard let database, database.hasPrefix("postgres://") || database.hasPrefix("postgresql://") else { return }
        NIOSingletons.unsafeTryInstallSingletonPosixEventLoopGroupAsConcurrencyGlobalExecutor()
    }
}
