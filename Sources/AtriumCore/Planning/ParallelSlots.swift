/// Fills an array's slots with jobs that may run at once, each writing only its own slot: the
/// parse of the desired state's file chunks and the plan of the workspaces' chunks. AtriumCore
/// starts no threads: `jobs` decides where they run (the caller passes Dispatch's
/// `concurrentPerform`; `Planner.sequential` runs them one after another).
package enum ParallelSlots {
    package static func fill<T>(_ slots: inout [T], jobs: Planner.Jobs, _ body: @Sendable (Int, inout T) -> Void) {
        let count = slots.count
        slots.withUnsafeMutableBufferPointer { buffer in
            // nonisolated(unsafe): each job writes only its own element, and the buffer outlives
            // `jobs`, which returns when every job has.
            nonisolated(unsafe) let base = buffer
            withoutActuallyEscaping(body) { body in
                jobs(count) { index in body(index, &base[index]) }
            }
        }
    }
}
