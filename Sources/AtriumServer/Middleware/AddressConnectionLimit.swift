import NIOConcurrencyHelpers
import NIOCore

/// The connections open from each client address, shared by every connection's
/// `AddressLimitHandler`: one address may hold at most `perAddress` of them, so that a client
/// opening sockets and saying nothing cannot take the slots of `--max-connections` that every
/// other client waits for. A connection over the cap is closed as soon as it is accepted, which
/// gives its slot back at once.
package final class AddressConnectionLimit: Sendable {
    package let perAddress: Int
    private let open = NIOLockedValueBox([String: Int]())

    package init(perAddress: Int) {
        precondition(perAddress > 0, "a per-address connection cap must be above 0")
        self.perAddress = perAddress
    }

    /// Counts a connection from `address`; false (and nothing counted) when the address already
    /// holds its share.
    func admit(_ address: String) -> Bool {
        open.withLockedValue { open in
            let count = open[address, default: 0]
            guard count < perAddress else { return false }
            open[address] = count + 1
            return true
        }
    }

    /// Gives back a connection `admit` counted.
    func release(_ address: String) {
        open.withLockedValue { open in
            let count = open[address, default: 1] - 1
            open[address] = count > 0 ? count : nil
        }
    }

    /// The connections counted for `address` now.
    package func openConnections(from address: String) -> Int {
        open.withLockedValue { $0[address, default: 0] }
    }
}

/// Admits a connection under its address's share of an `AddressConnectionLimit`, or closes it.
final class AddressLimitHandler: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = NIOAny

    private let limit: AddressConnectionLimit
    /// The address counted for this connection, given back when the handler leaves the pipeline.
    private var counted: String?

    init(limit: AddressConnectionLimit) {
        self.limit = limit
    }

    func handlerAdded(context: ChannelHandlerContext) {
        // A connection without a peer address (a Unix socket) is not limited by address.
        guard let address = context.channel.remoteAddress?.ipAddress else { return }
        if limit.admit(address) {
            counted = address
        } else {
            context.close(promise: nil)
        }
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        if let counted { limit.release(counted) }
        counted = nil
    }
}
