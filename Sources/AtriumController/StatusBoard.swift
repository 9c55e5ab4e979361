import AtriumCore
import Foundation
import Synchronization

/// The controller's status, written by its loop and read by the HTTP endpoints.
final class StatusBoard: Sendable {
    private let status: Mutex<ControllerStatus>
    /// The access page of the last cycle that loaded the desired state, and the last cycles.
    private let page = Mutex<(review: AccessReview?, cycles: [String])>((nil, []))

    init(_ initial: ControllerStatus) {
        status = Mutex(initial)
    }

    var current: ControllerStatus { status.withLock { $0 } }

    func update(_ change: (inout ControllerStatus) -> Void) {
        status.withLock { change(&$0) }
    }

    /// Records a cycle for the page: its line first, at most 20 kept; its review when it has one.
    func record(cycle line: String, review: AccessReview?) {
        page.withLock { page in
            page.cycles = Array(([line] + page.cycles).prefix(20))
            if let review { page.review = review }
        }
    }

    /// The page at `/`: the matrix of the last review with the last cycles, or a note before any.
    var html: String {
        page.withLock { page in
            guard let review = page.review else {
                return "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Atrium controller</title>"
                    + "</head><body><p>No cycle has loaded the desired state yet.</p></body></html>"
            }
            return AccessPageRenderer.html(review, title: "Atrium controller: access", notes: page.cycles)
        }
    }
}
