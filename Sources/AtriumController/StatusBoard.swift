import Synchronization

/// The controller's status, written by its loop and read by the HTTP endpoints.
final class StatusBoard: Sendable {
    private let status: Mutex<ControllerStatus>

    init(_ initial: ControllerStatus) {
        status = Mutex(initial)
    }

    var current: ControllerStatus { status.withLock { $0 } }

    func update(_ change: (inout ControllerStatus) -> Void) {
        status.withLock { change(&$0) }
    }
}
