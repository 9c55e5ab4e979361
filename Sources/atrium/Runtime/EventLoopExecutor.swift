import NIOCore
import NIOPosix

/// Where atrium runs its Swift tasks: on NIO's event loops, which also carry the HTTP client's
/// and server's connections, the PostgreSQL connections and SQLite's statements (run in place,
/// see the store's SQLite connections). A request is then written, answered and followed up on
/// the loop that read it instead of hopping to Swift's pool and back at each step. A hop wakes a
/// thread, and on a virtual machine a wake-up on another core is costly (`scripts/bench-machine.py`
/// measures it); docs/benchmarks.md gives the apply's figures with and without.
///
/// Not for `controller`: it runs for days beside its status listener, and a long load of the
/// desired state must not hold up the loop that answers health probes. It must be chosen before
/// any task runs, so it looks at the raw arguments.
enum EventLoopExecutor {
    static func install(for arguments: [String]) {
        guard arguments.first(where: { !$0.hasPrefix("-") }) != "controller" else { return }
        NIOSingletons.unsafeTryInstallSingletonPosixEventLoopGroupAsConcurrencyGlobalExecutor()
    }
}
