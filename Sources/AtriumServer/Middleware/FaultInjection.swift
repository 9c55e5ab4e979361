import Foundation
import Hummingbird

/// Deliberate failures, to test clients: every `transientEvery`-th request is answered 503 or 429
/// (alternately, with `Retry-After: 0`); every `dropEvery`-th write is carried out and then its
/// connection is dropped mid-response (the client cannot know whether it happened; each path at
/// most once); and writes
/// whose path contains one of `failingPaths` are answered 500 until the path is removed. Off
/// unless a test or `--inject-faults` turns it on.
public final class FaultInjection: @unchecked Sendable {
    // @unchecked: every field is only touched under `lock`.
    private let lock = NSLock()
    private var transientEvery: Int
    private var failingPaths: Set<String> = []
    private var count = 0
    private var injected = 0
    private var hidingExtensions = false
    private var dropEvery = 0
    private var writeDelay: Duration = .zero
    private var writesSeen = 0
    private var droppedPaths: Set<String> = []
    private var writes = 0

    public init(transientEvery: Int = 0) {
        self.transientEvery = transientEvery
    }

    public func setTransientEvery(_ value: Int) { lock.withLock { transientEvery = value } }
    public func setDropEvery(_ value: Int) { lock.withLock { dropEvery = value } }
    /// Makes every write take at least this long (a slow server).
    public func setWriteDelay(_ value: Duration) { lock.withLock { writeDelay = value } }
    var currentWriteDelay: Duration { lock.withLock { writeDelay } }
    /// How many writes (non-GET requests) arrived so far.
    public var writeCount: Int { lock.withLock { writesSeen } }
    func noteWrite() { lock.withLock { writesSeen += 1 } }
    public func failWrites(containing path: String) { _ = lock.withLock { failingPaths.insert(path) } }
    public func stopFailing() { lock.withLock { failingPaths.removeAll() } }
    /// Answer `/buildinfo` as a plain Coder deployment would: no Atrium extensions.
    public func hideExtensions(_ hide: Bool) { lock.withLock { hidingExtensions = hide } }
    var isHidingExtensions: Bool { lock.withLock { hidingExtensions } }
    /// How many faults were injected so far.
    public var injectedCount: Int { lock.withLock { injected } }

    enum Fault { case transient(Int), hard, drop }

    func fault(method: String, path: String) -> Fault? {
        lock.withLock {
            if method != "GET", failingPaths.contains(where: { path.contains($0) }) {
                injected += 1
                return .hard
            }
            if method != "GET", dropEvery > 0 {
                writes += 1
                // A path is dropped once at most, so that a retry always gets through.
                if writes % dropEvery == 0, droppedPaths.insert("\(method) \(path)").inserted {
                    injected += 1
                    return .drop
                }
            }
            guard transientEvery > 0 else { return nil }
            count += 1
            guard count % transientEvery == 0 else { return nil }
            injected += 1
            return .transient((count / transientEvery) % 2 == 0 ? 429 : 503)
        }
    }
}

struct FaultInjectionMiddleware: RouterMiddleware {
    typealias Context = AtriumRequestContext
    let faults: FaultInjection

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        if request.uri.path == "/api/v2/buildinfo", faults.isHidingExtensions {
            var headers = HTTPFields()
            headers[.contentType] = "application/json"
            return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(string: #"{"version":"v2.20.0","external_url":"","dashboard_url":""}"#)))
        }
        if request.method != .get { faults.noteWrite() }
        if request.method != .get, faults.currentWriteDelay > .zero {
            try await Task.sleep(for: faults.currentWriteDelay)
        }
        switch faults.fault(method: request.method.rawValue, path: request.uri.path) {
        case .transient(let status)?:
            var headers = HTTPFields()
            headers[.retryAfter] = "0"
            headers[.contentType] = "application/json"
            return Response(status: .init(code: status), headers: headers, body: .init(byteBuffer: ByteBuffer(string: #"{"message":"Injected fault: try again."}"#)))
        case .hard?:
            throw APIError(.internalServerError, "Injected fault.", detail: "writes to this path fail until the fault is lifted")
        case .drop?:
            // Do the work, then lose the answer: the body breaks off and the connection closes.
            let response = try await next(request, context)
            return Response(status: response.status, headers: [.contentLength: "1000"], body: ResponseBody { writer in
                try await writer.write(ByteBuffer(string: "{"))
                throw CancellationError()
            })
        case nil:
            return try await next(request, context)
        }
    }
}
