import NIOCore
import NIOPosix

/// Where `atrium serve` runs its Swift tasks: on NIO's event loops, which then carry the HTTP
/// server, the PostgreSQL connections and SQLite's statements (run in place, see the store's
/// SQLite connections), so that a request is answered on the loop that read it instead of hopping
/// to Swift's pool and back at each step. A hop wakes a thread, and on a VM a wake-up on the
/// other core can cost tens to hundreds of µs (`scripts/bench-machine.py` measures it: here a
/// round trip took 61–220 µs across the cores, 7 µs on one). It must be chosen before any task runs, so it looks at the raw arguments.
enum EventLoopExecutor {
    static func installIfServing(_ arguments: [String]) {
        guard arguments.first == "serve" else { return }
        NIOSingletons.unsafeTryInstallSingletonPosixEventLoopGroupAsConcurrencyGlobalExecutor()
    }
}
