import Foundation
import Hummingbird

/// The page a share URL (`<base>/@owner/name`, as Coder's dashboard addresses a workspace)
/// opens: Coder's dashboard would ask the visitor to sign in and open the workspace; the
/// reference server, which has no dashboard, says which workspace is shared by link there.
/// Without a token, as a browser comes; a workspace not shared by link is not found.
struct ShareLinkPageRoutes {
    let store: Store

    func register(on router: Router<AtriumRequestContext>) {
        router.get(":owner/:workspace") { request, context in
            try await page(context: context)
        }
    }

    private func page(context: AtriumRequestContext) async throws -> Response {
        guard let owner = context.parameters.get("owner"), owner.hasPrefix("@"),
            let name = context.parameters.get("workspace"),
            let user = try await store.user(String(owner.dropFirst())),
            let workspace = try await store.workspace(ownerID: user.id, name: name), workspace.admission == "everyone"
        else {
            throw HTTPError(.notFound, message: "No workspace is shared by link at this address.")
        }
        let id = Self.escaped("\(user.username)/\(workspace.name)")
        let html = """
            <!doctype html>
            <html><head><meta charset="utf-8"><title>\(id)</title></head>
            <body><h1>\(id)</h1><p>This workspace is shared by link: anyone with an account on this server may open it.
            Sign in with your account to connect.</p></body></html>
            """
        return Response(
            status: .ok, headers: [.contentType: "text/html; charset=utf-8"],
            body: .init(byteBuffer: ByteBuffer(string: html)))
    }

    static func escaped(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;")
    }
}
