import Foundation
import Synchronization

/// A one-line progress bar on stderr, drawn only on a terminal.
final class ProgressBar: Sendable {
    private let enabled: Bool
    private let label: String
    /// The percentage last drawn.
    private let last = Mutex(0)

    init(enabled: Bool, label: String) {
        self.enabled = enabled && isatty(2) == 1
        self.label = label
    }

    func update(_ done: Int, _ total: Int) {
        guard enabled, total > 0 else { return }
        last.withLock { last in
            let percent = done * 100 / total
            guard percent != last || done == total else { return }
            last = percent
            let width = 30
            let filled = width * done / total
            Terminal.standardErrorRaw(
                "\r\(label) [\(String(repeating: "#", count: filled))"
                    + "\(String(repeating: ".", count: width - filled))] \(done)/\(total)"
            )
        }
    }

    func finish() {
        guard enabled else { return }
        Terminal.standardErrorRaw("\n")
    }
}
