import Dispatch

/// Runs CPU-bound, blocking `body` on a Dispatch thread and waits for it without holding a
/// thread of the event loops or of the cooperative pool (which the live read runs on meanwhile).
func offloaded<T: Sendable>(_ body: @escaping @Sendable () -> T) async -> T {
    await withCheckedContinuation { continuation in
        DispatchQueue.global().async { continuation.resume(returning: body()) }
    }
}
