import Foundation
package import Hummingbird
import HummingbirdCore
package import Logging
import NIOCore

/// Atrium's reference workspace server: Coder's v2 API shape over SQLite or PostgreSQL.
package enum ReferenceServer {
    package static let version = "0.1.0"
    /// The extensions `/buildinfo` advertises; clients check them before planning.
    package static let extensions = ["admission", "snapshots", "workspace-sharing-settings"]

    /// Opens `sqlite:PATH` (the default kind) or `postgres://...`.
    package static func openDatabase(_ url: String, logger: Logger) throws -> any SQLDatabase {
        if url.hasPrefix("postgres://") || url.hasPrefix("postgresql://") {
            return try PostgreSQLDatabase(url: url, logger: logger)
        }
        let path = url.hasPrefix("sqlite:") ? String(url.dropFirst("sqlite:".count)) : url
        guard !path.isEmpty else {
            throw SQLDatabaseError.invalidURL(
                "`\(url)` names no file (write sqlite:/path/to/atrium.db or postgres://...)")
        }
        return try SQLiteDatabase(path: path)
    }

    /// The routes and middleware, ready for an `Application`.
    /// The version `/buildinfo` gives under `--coder-only`: a Coder release's form.
    package static let coderVersion = "v2.24.0"

    /// With `coderOnly`, exactly Coder's surface: no extensions advertised in `/buildinfo` (a
    /// Coder version string), and the extension paths (link sharing, snapshots) answer 404, as
    /// Coder answers a path it does not have.
    package static func router(
        store: Store, logger: Logger, faults: FaultInjection? = nil, rateLimiter: RateLimiter? = nil,
        coderOnly: Bool = false
    ) -> Router<AtriumRequestContext> {
        let router = Router(context: AtriumRequestContext.self)
        router.add(middleware: RequestLogMiddleware(logger: logger))
        if let faults { router.add(middleware: FaultInjectionMiddleware(faults: faults)) }
        router.add(middleware: CSRFMiddleware())
        router.add(middleware: AuthenticationMiddleware(store: store))
        if let rateLimiter { router.add(middleware: RateLimitMiddleware(limiter: rateLimiter)) }
        router.get("healthz") { _, _ in "ok" }
        let api = router.group("api/v2")
        api.get("buildinfo") { _, _ in
            BuildInfoJSON(
                externalUrl: store.baseURL, dashboardUrl: store.baseURL,
                version: coderOnly ? coderVersion : "v2.0.0+atrium-\(version)",
                deploymentId: "atrium", agentApiVersion: "2.0", provisionerApiVersion: "1.0", telemetry: false,
                workspaceProxy: false, upgradeMessage: "", webpushPublicKey: "",
                atrium: coderOnly ? nil : .init(server: "atrium-reference-server", extensions: extensions))
        }
        let organizations = OrganizationsRoutes(store: store)
        let workspaces = WorkspacesRoutes(store: store, organizations: organizations, extensions: !coderOnly)
        UsersRoutes(store: store).register(on: api)
        organizations.register(on: api)
        GroupsRoutes(store: store, organizations: organizations).register(on: api)
        TemplatesRoutes(store: store, organizations: organizations).register(on: api)
        workspaces.register(on: api)
        SharingRoutes(store: store, workspaces: workspaces).register(on: api, extensions: !coderOnly)
        PortSharingRoutes(store: store, workspaces: workspaces).register(on: api)
        AuthCheckRoutes(store: store).register(on: api)
        ShareLinkPageRoutes(store: store).register(on: router)
        return router
    }

    /// An application serving `store` on `host:port` (port 0 picks a free one; `onRunning` gets
    /// the bound port).
    package static func application(
        store: Store, host: String, port: Int, logger: Logger, faults: FaultInjection? = nil,
        limits: ConnectionLimits = ConnectionLimits(),
        rateLimiter: RateLimiter? = nil, coderOnly: Bool = false,
        onRunning: @escaping @Sendable (Int) async -> Void = { _ in }
    ) -> some ApplicationProtocol {
        let (headerTimeout, bodyTimeout) = (TimeAmount(limits.headerTimeout), TimeAmount(limits.bodyTimeout))
        let perAddress = AddressConnectionLimit(perAddress: limits.maxConnectionsPerAddress)
        let http1 = HTTP1Channel.Configuration(
            additionalChannelHandlers: [
                AddressLimitHandler(limit: perAddress), KeepAliveHandler.Placement(),
                RequestDeadlineHandler(headerTimeout: headerTimeout, bodyTimeout: bodyTimeout),
            ],
            idleTimeout: TimeAmount(limits.idleTimeout))
        return Application(
            router: router(
                store: store, logger: logger, faults: faults, rateLimiter: rateLimiter, coderOnly: coderOnly),
            server: .http1(configuration: http1),
            configuration: .init(
                address: .hostname(host, port: port), serverName: "atrium",
                availableConnectionsDelegate: .maximum(limits.maxConnections, logger: logger)),
            onServerRunning: { channel in await onRunning(channel.localAddress?.port ?? port) },
            logger: logger)
    }
}
