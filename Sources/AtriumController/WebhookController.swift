import AtriumGit
import Foundation
import HTTPTypes
import Hummingbird

/// `POST /hooks/github` and `POST /hooks/gitlab`: a push to the followed branch, correctly
/// signed, starts a cycle at once (202). A missing or wrong signature is 401; other events and
/// branches are acknowledged (200) and ignored; without a secret the hooks do not exist (404).
struct WebhookController: Sendable {
    let controller: Controller
    /// GitHub caps a delivery at 25 MB.
    static let maxBody = 25 << 20

    func register(on router: Router<BasicRequestContext>) {
        router.post("hooks/github") { request, context in try await github(request, context) }
        router.post("hooks/gitlab") { request, context in try await gitlab(request, context) }
    }

    private func github(_ request: Request, _ context: BasicRequestContext) async throws -> Response {
        guard let secret = controller.configuration.webhookSecret else { return Self.off }
        let body = try await request.body.collect(upTo: Self.maxBody)
        let signature = request.headers[.hubSignature]
        guard WebhookSignature(secret: secret).validGitHub(signature: signature, body: body.readableBytesView) else {
            return JSONMessage.response(
                .unauthorized, "missing or wrong X-Hub-Signature-256 (HMAC-SHA256 of the body with the webhook secret)")
        }
        switch request.headers[.githubEvent] {
        case "ping": return JSONMessage.response(.ok, "pong")
        case "push": return await push(ref: Self.ref(in: body), source: "github")
        case let other:
            return JSONMessage.response(.ok, "ignored: \(other ?? "no") event; only push events start a cycle")
        }
    }

    private func gitlab(_ request: Request, _ context: BasicRequestContext) async throws -> Response {
        guard let secret = controller.configuration.webhookSecret else { return Self.off }
        let body = try await request.body.collect(upTo: Self.maxBody)
        guard WebhookSignature(secret: secret).validGitLab(token: request.headers[.gitlabToken]) else {
            return JSONMessage.response(.unauthorized, "missing or wrong X-Gitlab-Token")
        }
        guard request.headers[.gitlabEvent] == "Push Hook" else {
            return JSONMessage.response(.ok, "ignored: only Push Hook events start a cycle")
        }
        return await push(ref: Self.ref(in: body), source: "gitlab")
    }

    private func push(ref: String?, source: String) async -> Response {
        let branch = controller.configuration.remote.branch
        guard ref == "refs/heads/\(branch)" else {
            return JSONMessage.response(.ok, "ignored: the push is to \(ref ?? "no ref"), not refs/heads/\(branch)")
        }
        return JSONMessage.response(.accepted, await controller.hook(source))
    }

    private static func ref(in body: ByteBuffer) -> String? {
        struct Push: Decodable { var ref: String }
        return try? JSONDecoder().decode(Push.self, from: Data(body.readableBytesView)).ref
    }

    private static let off = JSONMessage.response(
        .notFound, "webhooks are off: start the controller with --webhook-secret-file")

}

extension HTTPField.Name {
    static let hubSignature = Self("X-Hub-Signature-256")!
    static let githubEvent = Self("X-GitHub-Event")!
    static let gitlabToken = Self("X-Gitlab-Token")!
    static let gitlabEvent = Self("X-Gitlab-Event")!
}
