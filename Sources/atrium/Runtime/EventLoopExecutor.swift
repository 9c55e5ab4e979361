import NIOCore
import NIOPosix

/// Where atrium runs its Swift tasks: on NIO's event loops, which also carry the HTTP client's
/// and server's connections, the PostgreSQL connections and SQLite's statements (run in place,
/// see the store's SQLite connections). A request is then written, answered and followed up on
/// the loop that read it instead of hopping to Swift's pool and back at each step. A hop wakes a
/// thread, and on a VM a wake-up on the other core costs tens to hundreds of µs
/// (`scripts/bench-machine.py` measures it: 59–220 µs across the cores here, 7 µs on one).
/// Measured on a 10,000-workspace apply: the client's system time 2.2 s → 1.0 s, the apply
/// 20.6 s → 17.6 s on a slow day of this machine.
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
