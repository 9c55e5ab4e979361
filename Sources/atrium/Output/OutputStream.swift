import Synchronization

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// One of the process's output descriptors, written with `write(2)`: a closed pipe or a full
/// disk is an answer (`EPIPE`, `ENOSPC`), never a trap, as Foundation's `FileHandle.write` makes
/// it. `SIGPIPE` is ignored (see `ignoreBrokenPipes`), so a reader that has gone reads as
/// `readerGone`, after which nothing more is written to that descriptor.
final class OutputStream: Sendable {
    enum Outcome: Equatable {
        case written
        /// The reader closed its end: the output is no longer wanted.
        case readerGone
        /// Another failure, with its errno.
        case failed(Int32)
    }

    static let standardOutput = OutputStream(descriptor: 1)
    static let standardError = OutputStream(descriptor: 2)

    private let descriptor: Int32
    private let gone = Atomic<Bool>(false)

    private init(descriptor: Int32) {
        self.descriptor = descriptor
    }

    /// Lets a write to a closed pipe fail with `EPIPE` instead of ending the process.
    static func ignoreBrokenPipes() {
        signal(SIGPIPE, SIG_IGN)
    }

    @discardableResult
    func write(_ text: String) -> Outcome {
        var text = text
        return text.withUTF8 { write($0) }
    }

    /// Writes every byte, retrying short writes and interruptions.
    func write(_ bytes: UnsafeBufferPointer<UInt8>) -> Outcome {
        guard !gone.load(ordering: .relaxed) else { return .readerGone }
        guard let base = bytes.baseAddress else { return .written }
        var offset = 0
        while offset < bytes.count {
            #if canImport(Darwin)
                let count = Darwin.write(descriptor, base + offset, bytes.count - offset)
            #else
                let count = Glibc.write(descriptor, base + offset, bytes.count - offset)
            #endif
            if count >= 0 {
                offset += count
                continue
            }
            let code = errno
            if code == EINTR || code == EAGAIN { continue }
            if code == EPIPE {
                gone.store(true, ordering: .relaxed)
                return .readerGone
            }
            return .failed(code)
        }
        return .written
    }
}
