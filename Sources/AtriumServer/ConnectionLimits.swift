import Foundation

/// How the server protects its file descriptors from clients that connect and say nothing, or
/// say it slowly: every request's head must be complete within `headerTimeout` (of its first
/// byte, or of the connection's opening) and its body within `bodyTimeout` of the head; a
/// connection is closed after `idleTimeout` without traffic, and at most `maxConnections` are
/// open at once (the rest wait to be accepted), at most `maxConnectionsPerAddress` of them from one
/// client address (more are closed when accepted).
package struct ConnectionLimits: Sendable {
    package var headerTimeout: Duration
    package var bodyTimeout: Duration
    package var idleTimeout: Duration
    package var maxConnections: Int
    package var maxConnectionsPerAddress: Int

    package init(
        headerTimeout: Duration = .seconds(10), bodyTimeout: Duration = .seconds(10),
        idleTimeout: Duration = .seconds(60),
        maxConnections: Int = 10_000, maxConnectionsPerAddress: Int = 1_000
    ) {
        self.headerTimeout = headerTimeout
        self.bodyTimeout = bodyTimeout
        self.idleTimeout = idleTimeout
        self.maxConnections = maxConnections
        self.maxConnectionsPerAddress = maxConnectionsPerAddress
    }

    /// Raises this process's open-file limit to its hard limit and returns the connections that
    /// fit in it (leaving room for the database and logs): a cap above the limit would let
    /// connections exhaust the descriptors and stop the server answering anyone. One address's
    /// share is kept to at most half of what fits.
    package func fittingFileLimit() -> ConnectionLimits {
        var limit = rlimit()
        guard getrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit) == 0 else { return self }
        if limit.rlim_cur < limit.rlim_max {
            limit.rlim_cur = limit.rlim_max
            _ = setrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit)
            _ = getrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit)
        }
        var fitted = self
        fitted.maxConnections = min(maxConnections, max(16, Int(clamping: limit.rlim_cur) - 256))
        // One address never holds more than half of the slots, whatever the file limit left.
        fitted.maxConnectionsPerAddress = min(maxConnectionsPerAddress, max(1, fitted.maxConnections / 2))
        return fitted
    }
}
