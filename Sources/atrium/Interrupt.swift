import AtriumClient
import AtriumCore
import Dispatch
import Foundation

/// Ctrl-C during an apply: the first stops new work and lets running requests finish; the
/// second exits at once.
final class Interrupt: @unchecked Sendable {
    // @unchecked: `count` is touched only on the signal source's serial queue.
    private let source: any DispatchSourceSignal
    private var count = 0

    private init(source: any DispatchSourceSignal) { self.source = source }

    static func install(_ stop: StopFlag) -> Interrupt {
        signal(SIGINT, SIG_IGN)
        let source = DispatchSource.makeSignalSource(signal: SIGINT, queue: DispatchQueue(label: "atrium.interrupt"))
        let interrupt = Interrupt(source: source)
        source.setEventHandler { [interrupt] in
            interrupt.count += 1
            if interrupt.count > 1 { exit(130) }
            Terminal.standardError("\nstopping: no new changes will start (Ctrl-C again to quit at once)")
            stop.stop()
        }
        source.resume()
        return interrupt
    }

    func cancel() {
        source.cancel()
        signal(SIGINT, SIG_DFL)
    }
}

/// A one-line progress bar on stderr, drawn only on a terminal.
final class ProgressBar: @unchecked Sendable {
    // @unchecked: `last` is only touched under `lock`.
    private let enabled: Bool
    private let label: String
    private let lock = NSLock()
    private var last = 0

    init(enabled: Bool, label: String) {
        self.enabled = enabled && isatty(2) == 1
        self.label = label
    }

    func update(_ done: Int, _ total: Int) {
        guard enabled, total > 0 else { return }
        lock.withLock {
            let percent = done * 100 / total
            guard percent != last || done == total else { return }
            last = percent
            let width = 30
            let filled = width * done / total
            FileHandle.standardError.write(Data("\r\(label) [\(String(repeating: "#", count: filled))\(String(repeating: ".", count: width - filled))] \(done)/\(total)".utf8))
        }
    }

    func finish() {
        guard enabled else { return }
        FileHandle.standardError.write(Data("\n".utf8))
    }
}
