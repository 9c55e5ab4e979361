import AtriumCore
import Hummingbird

/// Coder's users as the server answers them (codersdk.User, ReducedUser); listings are written by
/// `JSONWriter` as their `Encodable` conformances encode them (ListingEncodingTests compares).

struct SlimRoleJSON: ResponseEncodable {
    var name: String
    var displayName: String
    var organizationId: String?
}

/// Coder's User: a ReducedUser's fields, the user's organizations and site-wide roles.
struct UserJSON: ResponseEncodable {
    var user: ReducedUserJSON
    var organizationIds: [String]
    var roles: [SlimRoleJSON]
    var isServiceAccount = false

    enum Keys: String, CodingKey { case organizationIds, roles, isServiceAccount }

    func encode(to encoder: any Encoder) throws {
        try user.encode(to: encoder)
        var container = encoder.container(keyedBy: Keys.self)
        try container.encode(organizationIds, forKey: .organizationIds)
        try container.encode(roles, forKey: .roles)
        try container.encode(isServiceAccount, forKey: .isServiceAccount)
    }
}

struct ReducedUserJSON: ResponseEncodable {
    var id: String
    var username: String
    var email: String
    var name: String
    var createdAt: String
    var updatedAt: String
    var lastSeenAt: String
    var status: String
    var loginType: String
    var avatarUrl: String
    var themePreference: String
}

struct UsersResponseJSON: ResponseEncodable {
    var users: [UserJSON]
    var count: Int
}

extension UsersResponseJSON: JSONWritable {
    func write(to writer: inout JSONWriter) {
        writer.reserve(500 * users.count)
        writer.object { w in
            w.key("users")
            w.array(users) { w, user in user.write(to: &w) }
            w.key("count")
            w.int(count)
        }
    }
}

extension UserJSON {
    func write(to writer: inout JSONWriter) {
        writer.object { w in
            w.key("id")
            w.string(user.id)
            w.key("username")
            w.string(user.username)
            w.key("email")
            w.string(user.email)
            w.key("name")
            w.string(user.name)
            w.key("created_at")
            w.string(user.createdAt)
            w.key("updated_at")
            w.string(user.updatedAt)
            w.key("last_seen_at")
            w.string(user.lastSeenAt)
            w.key("status")
            w.string(user.status)
            w.key("login_type")
            w.string(user.loginType)
            w.key("avatar_url")
            w.string(user.avatarUrl)
            w.key("theme_preference")
            w.string(user.themePreference)
            w.key("organization_ids")
            w.strings(organizationIds)
            w.key("roles")
            w.array(roles) { w, role in
                w.object { w in
                    w.key("name")
                    w.string(role.name)
                    w.key("display_name")
                    w.string(role.displayName)
                    if let organizationId = role.organizationId {
                        w.key("organization_id")
                        w.string(organizationId)
                    }
                }
            }
            w.key("is_service_account")
            w.bool(isServiceAccount)
        }
    }
}

extension ReducedUserJSON {
    func write(to writer: inout JSONWriter) {
        writer.object { w in
            w.key("id")
            w.string(id)
            w.key("username")
            w.string(username)
            w.key("email")
            w.string(email)
            w.key("name")
            w.string(name)
            w.key("created_at")
            w.string(createdAt)
            w.key("updated_at")
            w.string(updatedAt)
            w.key("last_seen_at")
            w.string(lastSeenAt)
            w.key("status")
            w.string(status)
            w.key("login_type")
            w.string(loginType)
            w.key("avatar_url")
            w.string(avatarUrl)
            w.key("theme_preference")
            w.string(themePreference)
        }
    }
}
