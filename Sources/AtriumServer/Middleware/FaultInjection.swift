import Foundation
import Hummingbird
import Logging
import Synchronization

/// Deliberate failures, to test clients: every `transientEvery`-th request is answered 503 or 429
/// (alternately, with `Retry-After: 0`); every `dropEvery`-th write is carried out and then its
/// connection is dropped mid-response (the client cannot know whether it happened; each path at
/// most once); and writes
/// whose path contains one of `failingPaths` are answered 500 until the path is removed. Off
/// unless a test or `--inject-faults` turns it on.
package final class FaultInjection: Sendable {
    private struct State {
        var transientEvery: Int
        var failingPaths: Set<String> = []
        var count = 0
        var injected = 0
        var hidingExtensions = false
        var dropEvery = 0
        var writeDelay: Duration = .zero
        var responseDelay: Duration = .zero
        var writesSeen = 0
        var droppedPaths: Set<String> = []
        var writes = 0
    }

    private let state: Mutex<State>

    package init(transientEvery: Int = 0) {
        state = Mutex(State(transientEvery: transientEvery))
    }

    package func setTransientEvery(_ value: Int) { state.withLock { $0.transientEvery = value } }
    package func setDropEvery(_ value: Int) { state.withLock { $0.dropEvery = value } }
    /// Makes every write take at least this long (a slow server).
    package func setWriteDelay(_ value: Duration) { state.withLock { $0.writeDelay = value } }
    var currentWriteDelay: Duration { state.withLock { $0.writeDelay } }
    /// Every answer this much later, as from a distant server (the round trip of a slow link).
    package func setResponseDelay(_ value: Duration) { state.withLock { $0.responseDelay = value } }
    var currentResponseDelay: Duration { state.withLock { $0.responseDelay } }
    /// How many writes (non-GET requests) arrived so far.
    package var writeCount: Int { state.withLock { $0.writesSeen } }
    func noteWrite() { state.withLock { $0.writesSeen += 1 } }
    package func failWrites(containing path: String) { _ = state.withLock { $0.failingPaths.insert(path) } }
    package func stopFailing() { state.withLock { $0.failingPaths.removeAll() } }
    /// Answer `/buildinfo` as a plain Coder deployment would: no Atrium extensions.
    package func hideExtensions(_ hide: Bool) { state.withLock { $0.hidingExtensions = hide } }
    var isHidingExtensions: Bool { state.withLock { $0.hidingExtensions } }
    /// How many faults were injected so far.
    package var injectedCount: Int { state.withLock { $0.injected } }

    enum Fault {
        case transient(Int)
        case hard, drop
    }

    func fault(method: String, path: String) -> Fault? {
        state.withLock { state in
            if method != "GET", state.failingPaths.contains(where: { path.contains($0) }) {
                state.injected += 1
                return .hard
            }
            if method != "GET", state.dropEvery > 0 {
                state.writes += 1
                // A path is dropped once at most, so that a retry always gets through.
                if state.writes % state.dropEvery == 0, state.droppedPaths.insert("\(method) \(path)").inserted {
                    state.injected += 1
                    return .drop
                }
            }
            guard state.transientEvery > 0 else { return nil }
            state.count += 1
            guard state.count % state.transientEvery == 0 else { return nil }
            state.injected += 1
            return .transient((state.count / state.transientEvery) % 2 == 0 ? 429 : 503)
        }
    }
}

struct FaultInjectionMiddleware: RouterMiddleware {
    typealias Context = AtriumRequestContext
    let faults: FaultInjection

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws
        -> Response
    {
        if request.uri.path == "/api/v2/buildinfo", faults.isHidingExtensions {
            var headers = HTTPFields()
            headers[.contentType] = "application/json"
            return Response(
                status: .ok, headers: headers,
                body: .init(
                    byteBuffer: ByteBuffer(string: #"{"version":"v2.20.0","external_url":"","dashboard_url":""}"#)))
        }
        let delay = faults.currentResponseDelay
        if delay > .zero {
            // Said as the wait begins: a request held here is in flight (a stop waits for it).
            context.logger.debug("holding \(request.method) \(request.uri.path) for \(delay) (--response-delay)")
            try await Task.sleep(for: delay)
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
            return Response(
                status: .init(code: status), headers: headers,
                body: .init(byteBuffer: ByteBuffer(string: #"{"message":"Injected fault: try again."}"#)))
        case .hard?:
            throw APIError(
                .internalServerError, "Injected fault.", detail: "writes to this path fail until the fault is lifted")
        case .drop?:
            // Do the work, then lose the answer: the body breaks off and the connection closes.
            let response = try await next(request, context)
            return Response(
                status: response.status, headers: [.contentLength: "1000"],
                body: ResponseBody { writer in
                    try await writer.write(ByteBuffer(string: "{"))
                    throw CancellationError()
                })
        case nil:
            return try await next(request, context)
        }
    }
}
