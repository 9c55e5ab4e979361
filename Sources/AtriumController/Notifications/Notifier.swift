import AsyncHTTPClient
package import Foundation
package import Logging
import NIOCore
import NIOHTTP1

/// Delivers the controller's events to its targets, off the cycle: `post` only queues (the
/// newest 100 are kept), so a receiver that is slow or never answers never delays a cycle. Each
/// delivery has a deadline (`timeout`) and is tried at most `attempts` times, a second and then
/// two apart; what still fails is logged, by target origin (a webhook URL is a secret).
package final class Notifier: Sendable {
    package struct Settings: Sendable {
        package var targets: [NotificationTarget]
        /// The key of `X-Atrium-Signature` on webhook bodies.
        package var secret: String?
        /// The token for commit statuses, sent only to the GitHub or GitLab API named.
        package var token: String?
        package var timeout: Duration
        package var attempts: Int

        package init(
            targets: [NotificationTarget], secret: String? = nil, token: String? = nil,
            timeout: Duration = .seconds(5), attempts: Int = 3
        ) {
            self.targets = targets
            self.secret = secret
            self.token = token
            self.timeout = timeout
            self.attempts = attempts
        }
    }

    private typealias Queue = (
        stream: AsyncStream<(ControllerEvent, Date)>, continuation: AsyncStream<(ControllerEvent, Date)>.Continuation
    )

    private let settings: Settings
    private let sender: NotificationPayload.Sender
    private let logger: Logger
    /// A queue per target: a receiver that never answers holds up only its own deliveries.
    private let queues: [Queue]

    package init(_ settings: Settings, identity: String, repository: String, branch: String, logger: Logger) {
        self.settings = settings
        sender = .init(identity: identity, repository: repository, branch: branch)
        self.logger = logger
        queues = settings.targets.map { _ in AsyncStream.makeStream(bufferingPolicy: .bufferingNewest(100)) }
    }

    /// Queues `event` for every target; returns at once.
    package func post(_ event: ControllerEvent, at now: Date = Date()) {
        for queue in queues { queue.continuation.yield((event, now)) }
    }

    /// Stops taking events; `run` delivers what is queued and returns.
    package func finish() {
        for queue in queues { queue.continuation.finish() }
    }

    /// Delivers events until `finish`, each target from its own queue.
    package func run() async {
        guard !settings.targets.isEmpty else { return }
        var configuration = HTTPClient.Configuration()
        configuration.redirectConfiguration = .disallow
        let http = HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
        await withTaskGroup(of: Void.self) { group in
            for (target, queue) in zip(settings.targets, queues) {
                group.addTask {
                    for await (event, at) in queue.stream {
                        guard
                            let payload = NotificationPayload.make(
                                event, for: target, sender: self.sender, at: at, secret: self.settings.secret,
                                token: self.settings.token)
                        else { continue }
                        await self.deliver(payload, to: target, event: event.kind, http: http)
                    }
                }
            }
        }
        try? await http.shutdown()
    }

    private func deliver(_ payload: NotificationPayload, to target: NotificationTarget, event: String, http: HTTPClient)
        async
    {
        var why = ""
        for attempt in 1...max(1, settings.attempts) {
            if attempt > 1 { try? await Task.sleep(for: .seconds(attempt - 1)) }
            var request = HTTPClientRequest(url: payload.url.absoluteString)
            request.method = .POST
            request.headers.add(name: "Content-Type", value: "application/json")
            request.headers.add(name: "User-Agent", value: "atrium-controller")
            for (name, value) in payload.headers { request.headers.add(name: name, value: value) }
            request.body = .bytes(ByteBuffer(bytes: payload.body))
            do {
                let response = try await http.execute(request, timeout: .nanoseconds(settings.timeout.nanoseconds))
                _ = try? await response.body.collect(upTo: 64 * 1024)
                if (200..<300).contains(response.status.code) { return }
                why = "answered \(response.status.code)"
                // A refusal of the request itself will not change on a retry.
                if (400..<500).contains(response.status.code), response.status.code != 429 { break }
            } catch {
                why = "\(type(of: error))"
            }
        }
        logger.warning(
            "notification not delivered", metadata: ["event": "\(event)", "target": "\(target)", "why": "\(why)"])
    }
}

extension Duration {
    var nanoseconds: Int64 {
        let (seconds, attoseconds) = components
        return seconds * 1_000_000_000 + attoseconds / 1_000_000_000
    }
}
