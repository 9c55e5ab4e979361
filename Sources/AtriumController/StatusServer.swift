import Foundation
package import Hummingbird
package import Logging

/// The controller's HTTP endpoints: `/healthz`, `/readyz`, `/status`, `/metrics` and the hooks.
package enum StatusServer {
    package static func router(for controller: Controller) -> Router<BasicRequestContext> {
        let router = Router()
        router.get("healthz") { _, _ in "ok" }
        router.get("/") { _, _ -> Response in
            Response(
                status: .ok, headers: [.contentType: "text/html; charset=utf-8"],
                body: .init(byteBuffer: ByteBuffer(string: controller.board.html)))
        }
        router.get("readyz") { _, _ -> Response in
            let status = controller.status
            guard let reason = status.notReadyReason else { return JSONMessage.response(.ok, "ready") }
            return JSONMessage.response(.serviceUnavailable, reason)
        }
        router.get("status") { _, _ -> Response in
            let json = try ControllerStatus.encoder.encode(controller.status)
            return Response(
                status: .ok, headers: [.contentType: "application/json"],
                body: .init(byteBuffer: ByteBuffer(bytes: json)))
        }
        router.get("metrics") { _, _ -> Response in
            Response(
                status: .ok, headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8"],
                body: .init(byteBuffer: ByteBuffer(bytes: controller.metrics.exposition())))
        }
        WebhookController(controller: controller).register(on: router)
        return router
    }

    /// The endpoints on `host:port` (port 0 picks one; `onRunning` gets it).
    package static func application(
        for controller: Controller, host: String, port: Int, logger: Logger,
        onRunning: @escaping @Sendable (Int) async -> Void
    ) -> some ApplicationProtocol {
        Application(
            router: router(for: controller),
            configuration: .init(address: .hostname(host, port: port), serverName: "atrium-controller"),
            onServerRunning: { channel in await onRunning(channel.localAddress?.port ?? port) },
            logger: logger)
    }
}
