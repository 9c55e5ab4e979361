import AsyncHTTPClient
import NIOCore
import NIOHTTP1
import NIOPosix

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Failures with no HTTP answer, classified by their type and value (never by their text): which
/// may succeed when tried again, and how to say what happened.
enum TransportError {
    /// Connection failures, timeouts and connections cut off mid-answer. The request may or may
    /// not have reached the server, so only requests that are safe to repeat are retried (all of
    /// Atrium's are, see `PlanExecutor`).
    static func isRetryable(_ error: any Error) -> Bool {
        switch error {
        case let error as HTTPClientError: return retryableClientErrors.contains(error)
        case let error as ChannelError: return isRetryable(error)
        case let error as IOError: return retryableErrnos.contains(error.errnoCode)
        case is NIOConnectionError: return true
        case is HTTPParserError: return true  // a response cut off mid-way
        default: return false
        }
    }

    static let retryableClientErrors: [HTTPClientError] = [
        .remoteConnectionClosed, .readTimeout, .writeTimeout, .connectTimeout, .getConnectionFromPoolTimeout,
        .deadlineExceeded, .bodyLengthMismatch,
    ]

    static let retryableErrnos: Set<Int32> = [
        ECONNREFUSED, ECONNRESET, ECONNABORTED, EPIPE, ETIMEDOUT, EHOSTUNREACH, ENETUNREACH,
    ]

    private static func isRetryable(_ error: ChannelError) -> Bool {
        switch error {
        case .connectTimeout, .ioOnClosedChannel, .alreadyClosed, .outputClosed, .inputClosed, .eof: return true
        default: return false
        }
    }

    /// Whether the server took too long to answer (as opposed to refusing or cutting off).
    static func isTimeout(_ error: any Error) -> Bool {
        guard let error = error as? HTTPClientError else { return false }
        return error == .readTimeout || error == .deadlineExceeded || error == .writeTimeout
    }

    /// Whether no connection could be made at all (as opposed to one lost mid-request).
    static func isConnectFailure(_ error: any Error) -> Bool {
        switch error {
        case let error as HTTPClientError: return error == .connectTimeout
        case let error as ChannelError:
            if case .connectTimeout = error { return true }
            return false
        case let error as IOError:
            return error.errnoCode == ECONNREFUSED || error.errnoCode == EHOSTUNREACH || error.errnoCode == ENETUNREACH
        case is NIOConnectionError: return true
        default: return false
        }
    }

    /// How many attempts a connect failure gets: one. AsyncHTTPClient already retries a
    /// connection for the whole connect timeout (`ServerClient.connectTimeout`), so a server
    /// that is down is reported within that window, not after the full backoff on top of it.
    static let connectAttempts = 1

    /// One line: `cannot connect: connection refused`, `cannot connect: timed out`, or the error.
    static func describe(_ error: any Error) -> String {
        switch error {
        case let error as IOError where isConnectFailure(error):
            return "cannot connect: \(reason(errno: error.errnoCode))"
        case let error as NIOConnectionError:
            let reasons = error.connectionErrors.compactMap {
                ($0.error as? IOError).map { reason(errno: $0.errnoCode) }
            }
            let dns = error.dnsAError ?? error.dnsAAAAError
            if let reason = reasons.first { return "cannot connect to \(error.host):\(error.port): \(reason)" }
            if let dns { return "cannot resolve \(error.host): \(dns)" }
            return "cannot connect to \(error.host):\(error.port)"
        case let error as HTTPClientError where error == .connectTimeout:
            return "cannot connect: timed out"
        case let error as HTTPClientError where isTimeout(error):
            return "timed out waiting for an answer"
        case let error as HTTPClientError where error == .invalidURL:
            return "not a URL the client can use (a server URL starts with http:// or https://)"
        case let error as ChannelError:
            if case .connectTimeout = error { return "cannot connect: timed out" }
            return "\(error)"
        case let error where isTLSFailure(error):
            return "the TLS handshake failed (\(tlsReason(error))): when the server's certificate is signed by a "
                + "private CA, add that CA to the system's trust store, /etc/ssl/certs/ca-certificates.crt: "
                + "update-ca-certificates (the certificate is never skipped)"
        default:
            return "\(error)"
        }
    }

    /// Whether the TLS layer refused the connection (an untrusted or mismatched certificate, a
    /// handshake that failed). Classified by the error's module: AtriumClient reaches TLS only
    /// through AsyncHTTPClient and does not import NIOSSL itself.
    static func isTLSFailure(_ error: any Error) -> Bool {
        String(reflecting: type(of: error)).hasPrefix("NIOSSL.")
    }

    /// BoringSSL's reason (`CERTIFICATE_VERIFY_FAILED`), without the source path its errors
    /// carry; the error itself for other TLS failures (a name the certificate does not cover).
    private static func tlsReason(_ error: any Error) -> String {
        let text = String(describing: error)
        if let match = text.firstMatch(of: /OPENSSL_internal:([A-Z0-9_]+)/) { return String(match.1) }
        return text
    }

    private static func reason(errno code: Int32) -> String {
        String(cString: strerror(code)).lowercased()
    }
}
