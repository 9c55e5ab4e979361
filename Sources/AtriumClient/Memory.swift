#if canImport(Glibc)
import Glibc
#endif

/// The process's heap.
enum Memory {
    /// Hands the pages that freed memory left empty back to the system (glibc's `malloc_trim`,
    /// which Swift's Glibc module does not declare: looked up by name). The load and the plan
    /// run on Dispatch's threads, whose malloc arenas the event loops that apply never allocate
    /// from: the YAML trees and drafts freed there would otherwise stay resident to the end
    /// (measured: a 10k apply's peak 198 → see the README's benchmarks).
    static func returnFreedPages() {
        #if canImport(Glibc)
        typealias Trim = @convention(c) (Int) -> Int32
        guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "malloc_trim") else { return }
        _ = unsafeBitCast(symbol, to: Trim.self)(0)
        #endif
    }
}
