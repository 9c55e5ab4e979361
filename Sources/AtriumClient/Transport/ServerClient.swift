import AsyncHTTPClient
import AtriumCore
package import Foundation
package import Logging
import NIOCore
import NIOFoundationCompat
package import NIOHTTP1
import Synchronization

/// Speaks Coder's v2 API shape over AsyncHTTPClient: keep-alive connections, timeouts, retries.
/// The token is sent in `Coder-Session-Token`, only to the server's own origin (redirects are
/// followed only within it), and appears in no error or log; neither do credentials in the URL.
package final class ServerClient: Sendable {
    /// The server's URL as it may be shown: credentials in it are redacted.
    package let baseURL: String
    /// The URL requests go to.
    let requestBase: String
    let origin: Origin?
    let token: String
    let http: HTTPClient
    private let retry: RetryPolicy
    private let logger: Logger
    let counter = Counter()
    let pacer: RequestPacer
    /// Whether the token's user is an Owner, who skips Coder's rate limit with a header.
    let bypassesRateLimit = Atomic<Bool>(false)
    /// The token's user (id, username), once `detectOwner` asked.
    let identity = Mutex<(id: String, username: String)?>(nil)
    /// Sees the status of every answer (`nil` when none came), for metrics.
    private let observe: @Sendable (Int?) -> Void
    /// With `--parallelism auto`: how many requests may be out, adapted to the server.
    private let gate: ConcurrencyGate?
    /// How long one request may wait for its answer, and how long the client goes on retrying
    /// when no answer at all has come in that time (`--timeout`).
    let timeout: Duration
    /// The longest `Retry-After` obeyed; a longer one is an error reported at once (`--max-wait`).
    let maxWait: Duration
    /// When the server last answered (anything): the budget of `timeout` runs from here.
    private let lastAnswer = Mutex<ContinuousClock.Instant>(.now)

    /// `perMinute` paces requests from the start (`--rate`); without it, the pace is learnt from 429s.
    package init(
        baseURL: String, token: String, retry: RetryPolicy = RetryPolicy(), perMinute: Int? = nil,
        parallelism: Parallelism = .fixed(8),
        timeout: Duration = .seconds(30), maxWait: Duration = .seconds(60), logger: Logger,
        observe: @escaping @Sendable (Int?) -> Void = { _ in }
    ) {
        self.observe = observe
        self.timeout = max(timeout, .milliseconds(100))
        self.maxWait = maxWait
        gate = parallelism == .auto ? ConcurrencyGate() : nil
        pacer = RequestPacer(perMinute: perMinute)
        requestBase = ServerURL.deploymentRoot(baseURL)
        self.baseURL = ServerURL.redacted(requestBase)
        origin = URL(string: requestBase).flatMap(Origin.init)
        self.token = token
        self.retry = retry
        self.logger = logger
        var configuration = HTTPClient.Configuration(
            timeout: .init(connect: Self.connectTimeout, read: Self.timeAmount(self.timeout)))
        configuration.connectionPool = .init(
            idleTimeout: .seconds(60), concurrentHTTP1ConnectionsPerHostSoftLimit: max(16, parallelism.taskLimit))
        configuration.httpVersion = .http1Only
        // Redirects are followed by `exchange`, within the server's origin only.
        configuration.redirectConfiguration = .disallow
        // No spans: atrium bootstraps no tracer, and the no-op one would still build each
        // request's span attributes.
        configuration.tracing.tracer = nil
        http = HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
    }

    /// How long a connection may take, AsyncHTTPClient's own retries included.
    static let connectTimeout = TimeAmount.seconds(4)

    static func timeAmount(_ duration: Duration) -> TimeAmount {
        .nanoseconds(duration.components.seconds * 1_000_000_000 + duration.components.attoseconds / 1_000_000_000)
    }

    /// How long requests waited for the rate limit, added up.
    package var rateLimitWait: Duration { pacer.waited }

    /// Asks who the token belongs to (`GET /users/me`); an Owner's requests then carry
    /// `X-Coder-Bypass-Ratelimit: true`, which Coder honours for Owners only.
    package func detectOwner() async {
        struct Me: Decodable {
            struct Role: Decodable { var name: String }
            var id: String
            var username: String
            var roles: [Role]?
        }
        guard let me = try? await get(Me.self, "/users/me") else { return }
        identity.withLock { $0 = (me.id, me.username) }
        bypassesRateLimit.store(me.roles?.contains { $0.name == "owner" } == true, ordering: .relaxed)
    }

    /// Runs one exchange through the concurrency gate (when adaptive), reporting how it went.
    private func measured(
        _ exchange: () async throws -> (status: Int, headers: HTTPHeaders, body: ByteBuffer)
    ) async throws -> (status: Int, headers: HTTPHeaders, body: ByteBuffer) {
        guard let gate else { return try await exchange() }
        await gate.enter()
        let started = ContinuousClock.now
        do {
            let answer = try await exchange()
            let overloaded = answer.status == 429 || RetryPolicy.isRetryable(status: answer.status)
            gate.leave(latency: ContinuousClock.now - started, outcome: overloaded ? .overloaded : .answered)
            return answer
        } catch {
            gate.leave(latency: ContinuousClock.now - started, outcome: .overloaded)
            throw error
        }
    }

    /// The most requests `--parallelism auto` had in flight at once (nil when fixed).
    package var peakConcurrency: Int? { gate?.peak }

    /// With `--parallelism auto`: a new phase of work begins (the apply after the reads), whose
    /// answers the adaptive limit judges afresh (`ConcurrencyLimit.reprobe`).
    package func beginPhase() { gate?.reprobe() }

    /// How many HTTP requests were sent, retries included.
    package var requestCount: Int { counter.value }

    package func shutdown() async {
        try? await http.shutdown()
    }

    static let decoder = JSONDecoder()

    static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.keyEncodingStrategy = .convertToSnakeCase
        encoder.outputFormatting = .sortedKeys
        return encoder
    }()

    package struct Reply: Sendable {
        package var status: Int
        package var body: Data
    }

    /// Sends a request, retrying what is safe to retry, and returns the final reply (any status).
    /// Every wait is bounded: one request by `timeout`, retries by `timeout` without any answer
    /// from the server, a `Retry-After` by `maxWait`.
    package func send(_ method: HTTPMethod, _ path: String, body: Data? = nil) async throws -> Reply {
        var attempt = 0
        var limited = 0
        while true {
            attempt += 1
            try Task.checkCancellation()
            try await pacer.permit()
            do {
                let (status, headers, buffer) = try await measured { try await exchange(method, path, body: body) }
                observe(status)
                let retried = RetryPolicy.isRetryable(status: status)
                // An answer to retry is no progress: the budget runs on while the server refuses.
                if retried {
                    try checkBudget(method: method, path: path, while: "answering \(status)")
                } else {
                    lastAnswer.withLock { $0 = .now }
                }
                let retryAfter = try self.retryAfter(headers, method: method, path: path, status: status)
                // 429 asks to slow down, not to give up: it does not use up the attempts.
                if status == 429, limited < RetryPolicy.maxRateLimited {
                    limited += 1
                    attempt -= 1
                    pacer.rateLimited(retryAfter: retryAfter, lastAnswer: lastAnswer.withLock { $0 })
                    // A wait the server asked for (up to --max-wait) is kept; the client's own backoff
                    // (no Retry-After, or one that says nothing usable) ends at the budget.
                    let paused = pacer.pausedUntil
                    if paused > .now + (retryAfter ?? .zero) {
                        try checkDeadline(paused, method: method, path: path, while: "answering 429")
                    }
                    logger.debug("\(method) \(path): 429, pacing")
                    continue
                }
                if RetryPolicy.isRetryable(status: status), attempt < retry.maxAttempts {
                    let wait = retry.delay(afterAttempt: attempt, retryAfter: retryAfter)
                    if wait > retryAfter ?? .zero {
                        try checkDeadline(.now + wait, method: method, path: path, while: "answering \(status)")
                    }
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
                observe(nil)
                try await afterTransportFailure(error, attempt: attempt, method: method, path: path)
            }
        }
    }

    /// The answer's `Retry-After`, parsed; one longer than `maxWait` is an error at once.
    private func retryAfter(_ headers: HTTPHeaders, method: HTTPMethod, path: String, status: Int) throws -> Duration? {
        guard status == 429 || RetryPolicy.isRetryable(status: status) else { return nil }
        guard let wait = headers.first(name: "Retry-After").flatMap({ RetryAfter.parse($0) }) else { return nil }
        guard wait <= maxWait else {
            throw ClientError(
                method: "\(method)", path: path, status: status,
                message:
                    "\(baseURL) asked to wait \(Self.seconds(wait)) before trying again (Retry-After), longer "
                    + "than --max-wait \(Self.seconds(maxWait)); "
                    + "try later, or raise --max-wait")
        }
        return wait
    }

    /// Waits before the next attempt after a failure with no answer, or throws when it may not
    /// be retried, the attempts are used up, or the server has not answered for `timeout`.
    private func afterTransportFailure(_ error: any Error, attempt: Int, method: HTTPMethod, path: String) async throws
    {
        if TransportError.isRetryable(error) {
            try checkBudget(method: method, path: path, while: TransportError.describe(error))
        }
        let limit =
            TransportError.isConnectFailure(error)
            ? min(retry.maxAttempts, TransportError.connectAttempts) : retry.maxAttempts
        guard attempt < limit, TransportError.isRetryable(error) else {
            throw ClientError(method: "\(method)", path: path, status: nil, message: TransportError.describe(error))
        }
        let wait = retry.delay(afterAttempt: attempt, retryAfter: nil)
        if TransportError.isRetryable(error) {
            try checkDeadline(.now + wait, method: method, path: path, while: TransportError.describe(error))
        }
        logger.debug("\(method) \(path): \(error), retrying in \(wait)")
        try await Task.sleep(for: wait)
    }

    /// The budget is a deadline: a retry that would start after `--timeout` without a usable
    /// answer is not waited for. Throws when `next` is past it.
    private func checkDeadline(
        _ next: ContinuousClock.Instant, method: HTTPMethod, path: String, while what: String
    ) throws {
        let since = lastAnswer.withLock { $0 }
        guard next > since + timeout else { return }
        throw ClientError(
            method: "\(method)", path: path, status: nil,
            message: "no usable answer from \(baseURL) for \(Self.seconds(ContinuousClock.now - since)) (\(what)), "
                + "and the next attempt would come after the run's budget without one, --timeout "
                + "\(Self.seconds(timeout))")
    }

    /// Throws when the server has not given a usable answer for `timeout`: the run stops there,
    /// naming the server and what it did meanwhile, instead of retrying on.
    private func checkBudget(method: HTTPMethod, path: String, while what: String) throws {
        let silent = ContinuousClock.now - lastAnswer.withLock { $0 }
        guard silent >= timeout else { return }
        throw ClientError(
            method: "\(method)", path: path, status: nil,
            message: "no usable answer from \(baseURL) for \(Self.seconds(silent)) (\(what)); "
                + "the run's budget without one is --timeout \(Self.seconds(timeout))")
    }

    /// `30 s`, `1.5 s`: a duration as the messages print it.
    static func seconds(_ duration: Duration) -> String {
        let value = Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
        return value == value.rounded() ? "\(Int(value)) s" : String(format: "%.1f s", value)
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
        // Every part is the server's text: escaped, cut, never a workflow command (TerminalText.outside).
        guard let error = try? decoder.decode(ErrorBody.self, from: body), let raw = error.message else {
            return TerminalText.outside(String(decoding: body.prefix(4096), as: UTF8.self))
        }
        let message = TerminalText.outside(raw)
        var text = message
        // "Forbidden." and its detail read as two sentences, not "Forbidden.; Only ...".
        if let detail = error.detail, !detail.isEmpty {
            text += (message.hasSuffix(".") ? " " : ": ") + TerminalText.outside(detail)
        }
        let validations = (error.validations ?? []).prefix(10).map {
            "\(TerminalText.outside($0.field)): \(TerminalText.outside($0.detail))"
        }
        return ([text] + validations).joined(separator: "; ")
    }

    /// GET and decode; any status but 200 is an error.
    package func get<T: Decodable>(_ type: T.Type, _ path: String) async throws -> T {
        try await get(path) { try Self.decode(T.self, from: $0) }
    }

    /// GET and read with JSONReader (the listings' one codec); any status but 200 is an error.
    func get<T: JSONReadable>(_ type: T.Type, _ path: String) async throws -> T {
        try await get(path) { try Self.decode(T.self, from: $0) }
    }

    /// GET that answers `nil` for 404.
    package func getIfExists<T: Decodable>(_ type: T.Type, _ path: String) async throws -> T? {
        try await getIfExists(path) { try Self.decode(T.self, from: $0) }
    }

    func getIfExists<T: JSONReadable>(_ type: T.Type, _ path: String) async throws -> T? {
        try await getIfExists(path) { try Self.decode(T.self, from: $0) }
    }

    private func get<T>(_ path: String, _ decode: (Data) throws -> T) async throws -> T {
        try Self.decoded(try await send(.GET, path), path: path, decode)
    }

    private func getIfExists<T>(_ path: String, _ decode: (Data) throws -> T) async throws -> T? {
        let reply = try await send(.GET, path)
        return reply.status == 404 ? nil : try Self.decoded(reply, path: path, decode)
    }

    /// A GET's answer decoded: any status but 200 is an error, as is an answer that does not
    /// decode (naming the request).
    private static func decoded<T>(_ reply: Reply, path: String, _ decode: (Data) throws -> T) throws -> T {
        guard reply.status == 200 else {
            throw ClientError(method: "GET", path: path, status: reply.status, message: message(from: reply.body))
        }
        do {
            return try decode(reply.body)
        } catch {
            throw ClientError(
                method: "GET", path: path, status: reply.status, message: "unexpected answer: \(describe(error))")
        }
    }

    /// What was wrong with an answer, in words: which member, and what was expected there.
    static func describe(_ error: any Error) -> String {
        guard let error = error as? DecodingError else { return TerminalText.outside("\(error)", limit: 300) }
        func place(_ path: [any CodingKey]) -> String {
            let names = path.map { $0.intValue.map { "[\($0)]" } ?? ".\($0.stringValue)" }.joined()
            return names.isEmpty ? "the top level" : "`\(names.drop { $0 == "." })`"
        }
        switch error {
        case .typeMismatch(let type, let context): return "expected \(type) at \(place(context.codingPath))"
        case .valueNotFound(let type, let context):
            return "expected \(type) at \(place(context.codingPath)), found null"
        case .keyNotFound(let key, let context):
            return "missing member `\(key.stringValue)` at \(place(context.codingPath))"
        case .dataCorrupted(let context): return "not valid JSON at \(place(context.codingPath))"
        @unknown default: return "not what was expected"
        }
    }

    /// A small response, through JSONDecoder.
    static func decode<T: Decodable>(_ type: T.Type, from body: Data) throws -> T {
        try decoder.decode(T.self, from: body)
    }

    /// A listing (or one of its elements), through JSONReader: the whole body, nothing after it.
    static func decode<T: JSONReadable>(_ type: T.Type, from body: Data) throws -> T {
        var reader = JSONReader(body)
        let value = try T(reading: &reader)
        try reader.finish()
        return value
    }

    /// A write with a JSON body; returns the reply when its status is one of `expected`.
    @discardableResult
    package func write(_ method: HTTPMethod, _ path: String, _ body: some Encodable, expected: Set<Int>) async throws
        -> Reply
    {
        let bytes = try (body as? any JSONWritableBody)?.json ?? Self.encoder.encode(body)
        let reply = try await send(method, path, body: bytes)
        guard expected.contains(reply.status) else {
            throw ClientError(
                method: "\(method)", path: path, status: reply.status, message: Self.message(from: reply.body))
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
