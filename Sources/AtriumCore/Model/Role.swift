/// A role a grant gives on a workspace, as Coder's workspace ACLs name them.
///
/// `use` lets the grantee connect and work; `admin` also lets them share the workspace as its
/// owner does (grant, change and remove others' roles; never their own).
/// No role lets anyone delete a workspace.
public enum Role: String, Sendable, Hashable, Codable, CaseIterable, Comparable {
    case use
    case admin

    public static func < (lhs: Role, rhs: Role) -> Bool {
        lhs == .use && rhs == .admin
    }
}
