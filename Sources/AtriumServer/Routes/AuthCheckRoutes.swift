import Hummingbird

/// Coder's `POST /authcheck`: what the caller may do, for each named check, without doing it.
/// Site admins (Owners) may do everything Coder's RBAC knows (a resource type or action it does
/// not know is `false` for everyone); members may read, update and share workspaces they
/// own (a check naming another owner, or no owner at all, is the set of everyone's workspaces)
/// in organizations they belong to.
struct AuthCheckRoutes {
    let store: Store

    func register(on api: RouterGroup<AtriumRequestContext>) {
        api.post("authcheck") { request, context in
            let actor = try context.requireActor()
            let body = try await request.decode(as: AuthorizationRequest.self, context: context)
            var answers: [String: Bool] = [:]
            // As coderd/authorize.go: a check without a resource type refuses the whole request.
            if let key = (body.checks ?? [:]).keys.sorted().first(where: {
                body.checks?[$0]?.object.resourceType.isEmpty == true
            }) {
                throw APIError.badRequest("Object's \"resource_type\" field must be defined for key \"\(key)\".")
            }
            for (key, check) in body.checks ?? [:] {
                answers[key] = try await allowed(check, for: actor)
            }
            return answers
        }
    }

    func allowed(_ check: AuthorizationRequest.Check, for actor: Caller) async throws -> Bool {
        guard RBACResources.isKnown(check.object.resourceType, action: check.action) else { return false }
        if actor.isSiteAdmin { return true }
        guard check.object.resourceType == "workspace", ["read", "update", "share", "create"].contains(check.action)
        else { return false }
        guard check.object.ownerId == actor.user.id || check.object.ownerId == "me" else { return false }
        guard let organization = check.object.organizationId else { return true }
        return try await store.isMember(userID: actor.user.id, organizationID: organization)
    }
}

/// Coder's AuthorizationRequest.
struct AuthorizationRequest: RequestBody {
    static let fields = ["checks"]
    var checks: [String: Check]?

    struct Check: Decodable {
        var object: Object
        var action: String
    }

    struct Object: Decodable {
        var resourceType: String
        var ownerId: String?
        var organizationId: String?
        var resourceId: String?
        var anyOrg: Bool?
    }
}
