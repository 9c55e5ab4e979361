import AtriumCore
import Hummingbird

/// Users, and session keys for them.
struct UsersRoutes {
    let store: Store

    func register(on api: RouterGroup<AtriumRequestContext>) {
        api.get("users/{user}") { _, context in
            let user = try await resolveUser(context)
            let serviceAccount = try await store.serviceAccounts(among: [user.id]).contains(user.id)
            return UserJSON(
                user, organizationIDs: try await store.organizationIDs(userID: user.id),
                isServiceAccount: serviceAccount)
        }
        api.get("users") { request, context in
            _ = try context.requireActor()
            let query = request.uri.queryParameters
            let (limit, offset) = try Paging.parse(query)
            let (users, count) = try await store.users(query: SearchQuery.q(request), limit: limit, offset: offset)
            let organizations = try await store.organizationIDs(userIDs: users.map(\.id))
            let serviceAccounts = try await store.serviceAccounts(among: users.map(\.id))
            let items = users.map {
                UserJSON(
                    $0, organizationIDs: organizations[$0.id] ?? [], isServiceAccount: serviceAccounts.contains($0.id))
            }
            return UsersResponseJSON(users: items, count: count)
        }
        api.post("users") { request, context in
            let actor = try context.requireActor()
            guard actor.isSiteAdmin else { throw APIError.forbidden("Only site admins may create users.") }
            let body = try await request.decode(as: CreateUserRequest.self, context: context)
            if let problem = NameRules.problem(with: body.username) {
                throw APIError.badRequest("Invalid username.", field: "username", detail: "username \(problem)")
            }
            guard body.email.contains("@") else {
                throw APIError.badRequest("Invalid email.", field: "email", detail: "must be an email address")
            }
            try Self.checkLoginType(body)
            let user = try await store.createUser(
                username: body.username, email: body.email, name: body.name ?? "", siteAdmin: false,
                organizationIDs: (body.organizationIds ?? []).map { $0.lowercased() })
            return EditedResponse(
                status: .created,
                response: UserJSON(user, organizationIDs: try await store.organizationIDs(userID: user.id)))
        }
        api.put("users/{user}/status/suspend") { _, context in try await putStatus(.suspended, context) }
        api.put("users/{user}/status/activate") { _, context in try await putStatus(.active, context) }
        // Coder's "create new session key": the user themselves or a site admin.
        api.post("users/{user}/keys") { _, context in
            let actor = try context.requireActor()
            let user = try await resolveUser(context)
            guard actor.isSiteAdmin || actor.user.id == user.id else {
                throw APIError.forbidden("Only the user and site admins may create session keys.")
            }
            return EditedResponse(
                status: .created, response: APIKeyJSON(key: try await store.createToken(userID: user.id)))
        }
    }

    /// Suspends or activates a user as coderd/users.go (putUserStatus) does: only who may delete
    /// users (a site admin; others are told the user does not exist), never oneself, never an
    /// owner; the answer is the user.
    func putStatus(_ status: UserStatus, _ context: AtriumRequestContext) async throws -> UserJSON {
        let actor = try context.requireActor()
        let user = try await resolveUser(context)
        guard actor.isSiteAdmin else { throw APIError.notFound("user \(user.username)") }
        if status == .suspended {
            if user.id == actor.user.id { throw APIError.badRequest("You cannot suspend yourself.") }
            if user.siteAdmin {
                throw APIError.badRequest(
                    "You cannot suspend a user with the \"owner\" role. You must remove the role first.")
            }
        }
        let updated = try await store.setStatus(status.rawValue, userID: user.id)
        return UserJSON(updated, organizationIDs: try await store.organizationIDs(userID: user.id))
    }

    /// The login type as coderd/users.go (postUser) checks it: empty means password; a password
    /// only with password login; none, password and github are accepted, oidc only with OIDC
    /// configured (never, on the reference server); anything else is unsupported. (Coder also
    /// checks a password's strength; the reference server keeps no passwords.)
    static func checkLoginType(_ body: CreateUserRequest) throws {
        let loginType = body.loginType.flatMap { $0.isEmpty ? nil : $0 } ?? "password"
        if loginType != "password", let password = body.password, !password.isEmpty {
            throw APIError.badRequest("Password cannot be set for non-password (\"\(loginType)\") authentication.")
        }
        switch loginType {
        case "none", "password", "github": return
        case "oidc": throw APIError.badRequest("You must configure OIDC before creating OIDC users.")
        default: throw APIError.badRequest("Unsupported login type \"\(loginType)\" for manually creating new users.")
        }
    }

    /// `{user}`: `me`, a username or a UUID.
    func resolveUser(_ context: AtriumRequestContext) async throws -> UserRecord {
        let actor = try context.requireActor()
        let reference = try context.parameters.require("user")
        if reference == "me" { return actor.user }
        guard let user = try await store.user(reference) else { throw APIError.notFound("user \(reference)") }
        return user
    }
}

/// `limit` and `offset` query parameters, as Coder reads them.
enum Paging {
    static func parse(_ query: Parameters) throws -> (limit: Int, offset: Int) {
        var limit = 25
        var offset = 0
        if let text = query.get("limit"), !text.isEmpty {
            guard let value = Int(text), value >= 0 else {
                throw APIError.badRequest("Query param \"limit\" must be a valid integer.", field: "limit")
            }
            // As Coder's ParsePagination: 0 means no limit.
            limit = value == 0 ? Int(Int32.max) : value
        }
        if let text = query.get("offset"), !text.isEmpty {
            guard let value = Int(text), value >= 0 else {
                throw APIError.badRequest("Query param \"offset\" must be a valid integer.", field: "offset")
            }
            offset = value
        }
        return (limit, offset)
    }
}
