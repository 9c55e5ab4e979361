/// Coder's user statuses (codersdk.UserStatus): `dormant` is set by Coder after a long absence
/// and lifted when the user comes back; `suspended` by an admin, and the user cannot sign in.
package enum UserStatus: String, Sendable, CaseIterable {
    case active, dormant, suspended
}
