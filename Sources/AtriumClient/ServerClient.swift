import AtriumCore
import AsyncHTTPClient
import Foundation
import Synchronization
import Logging
import NIOCore
import NIOFoundationCompat
import NIOHTTP1

/// Speaks Coder's v2 API shape over AsyncHTTPClient: keep-alive connections, timeouts, retries.
/// The token is sent in `Coder-Session-Token` and appears in no error or log.
public final class ServerClient: Sendable {
    public let baseURL: String
    private let token: String
    private let http: HTTPClient
    private let retry: RetryPolicy
    private let logger: Logger
    private let counter = Counter()

    public init(baseURL: String, token: String, retry: RetryPolicy = RetryPolicy(), logger: Logger) {
        self.baseURL = baseURL.hasSuffix("/") ? String(baseURL.dropLast()) : baseURL
        self.token = token
        self.retry = retry
        self.logger = logger
        var configuration = HTTPClient.Configuration(timeout: .init(connect: .seconds(10), read: .seconds(60)))
        configuration.connectionPool = .init(idleTimeout: .seconds(60), concurrentHTTP1ConnectionsPerHostSoftLimit: 16)
        configuration.httpVersion = .http1Only
        http = HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
    }

    /// How many HTTP requests were sent, retries included.
    public var requestCount: Int { counter.value }

    public func shutdown() async {
        try? await http.shutdown()
    }

    static let decoder = JSONDecoder()

    static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.keyEncodingStrategy = .convertToSnakeCase
        encoder.outputFormatting = .sortedKeys
        return encoder
    }()

    public struct Reply: Sendable {
        public var status: Int
        public var body: Data
    }

    /// Sends a request, retrying what is safe to retry, and returns the final reply (any status).
    public func send(_ method: HTTPMethod, _ path: String, body: Data? = nil) async throws -> Reply {
        var attempt = 0
        while true {
            attempt += 1
            try Task.checkCancellation()
            var request = HTTPClientRequest(url: "\(baseURL)/api/v2\(path)")
            request.method = method
            request.headers.add(name: "Coder-Session-Token", value: token)
            request.headers.add(name: "Accept", value: "application/json")
            request.headers.add(name: "User-Agent", value: "atrium")
            if let body {
                request.headers.add(name: "Content-Type", value: "application/json")
                request.body = .bytes(ByteBuffer(data: body))
            }
            counter.increment()
            do {
                let response = try await http.execute(request, timeout: .seconds(60))
                let buffer = try await response.body.collect(upTo: 256 << 20)
                let status = Int(response.status.code)
                if RetryPolicy.isRetryable(status: status), attempt < retry.maxAttempts {
                    let wait = retry.delay(afterAttempt: attempt, retryAfter: response.headers.first(name: "Retry-After"))
                    logger.debug("\(method) \(path): \(status), retrying in \(wait)")
                    try await Task.sleep(for: wait)
                    continue
                }
                return Reply(status: status, body: Data(buffer: buffer))
            } catch let error as CancellationError {
                throw error
            } catch let error as ClientError {
                throw error
            } catch {
                guard attempt < retry.maxAttempts, TransportError.isRetryable(error) else {
                    throw ClientError(method: "\(method)", path: path, status: nil, message: TransportError.describe(error))
                }
                let wait = retry.delay(afterAttempt: attempt, retryAfter: nil)
                logger.debug("\(method) \(path): \(error), retrying in \(wait)")
                try await Task.sleep(for: wait)
            }
        }
    }

    /// Coder's error body as one line.
    static func message(from body: Data) -> String {
        struct ErrorBody: Decodable {
            struct Validation: Decodable {
                var field: String
                var detail: String
            }
            var message: String?
            var detail: String?
            var validations: [Validation]?
        }
        guard let error = try? decoder.decode(ErrorBody.self, from: body), let message = error.message else {
            return String(decoding: body.prefix(300), as: UTF8.self)
        }
        var parts = [message]
        if let detail = error.detail, !detail.isEmpty { parts.append(detail) }
        for validation in error.validations ?? [] { parts.append("\(validation.field): \(validation.detail)") }
        return parts.joined(separator: "; ")
    }

    /// GET and decode; any status but 200 is an error.
    public func get<T: Decodable>(_ type: T.Type, _ path: String) async throws -> T {
        let reply = try await send(.GET, path)
        guard reply.status == 200 else {
            throw ClientError(method: "GET", path: path, status: reply.status, message: Self.message(from: reply.body))
        }
        do {
            return try Self.decoder.decode(T.self, from: reply.body)
        } catch {
            throw ClientError(method: "GET", path: path, status: reply.status, message: "unexpected response: \(error)")
        }
    }

    /// GET that answers `nil` for 404.
    public func getIfExists<T: Decodable>(_ type: T.Type, _ path: String) async throws -> T? {
        let reply = try await send(.GET, path)
        if reply.status == 404 { return nil }
        guard reply.status == 200 else {
            throw ClientError(method: "GET", path: path, status: reply.status, message: Self.message(from: reply.body))
        }
        return try Self.decoder.decode(T.self, from: reply.body)
    }

    /// A write with a JSON body; returns the reply when its status is one of `expected`.
    @discardableResult
    public func write(_ method: HTTPMethod, _ path: String, _ body: some Encodable, expected: Set<Int>) async throws -> Reply {
        let reply = try await send(method, path, body: try Self.encoder.encode(body))
        guard expected.contains(reply.status) else {
            throw ClientError(method: "\(method)", path: path, status: reply.status, message: Self.message(from: reply.body))
        }
        return reply
    }
}

/// A thread-safe counter (requests sent, units done).
final class Counter: Sendable {
    private let count = Atomic<Int>(0)

    /// Adds one and returns the new count.
    @discardableResult
    func increment() -> Int { count.add(1, ordering: .relaxed).newValue }
    var value: Int { count.load(ordering: .relaxed) }
}
