import NIOPosix

/// A `TaskExecutor` with threads of its own, outside Swift's cooperative pool. A server started
/// with it as its executor preference (`RunningServer.start(..., executor:)`) keeps answering even
/// when every cooperative thread of the process that hosts it is busy: the test suites and the
/// controller's status listener run a server beside other work in one process.
package final class ThreadPoolExecutor: TaskExecutor {
    private let pool: NIOThreadPool

    package init(threads: Int = 2) {
        pool = NIOThreadPool(numberOfThreads: threads)
        pool.start()
    }

    package func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        let executor = asUnownedTaskExecutor()
        pool.submit { _ in job.runSynchronously(on: executor) }
    }

    /// Stops the threads once the jobs already queued have run.
    package func shutdown() async throws {
        try await pool.shutdownGracefully()
    }
}
