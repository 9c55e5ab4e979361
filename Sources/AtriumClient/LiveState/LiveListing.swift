package import AtriumCore

/// What a server lists, read before the desired state is known (`LiveStateReader.fetch`): the
/// raw material `LiveStateReader.assemble` turns into the `LiveState` a plan compares against.
package struct LiveListing: Sendable {
    package var capabilities: LiveState.Capabilities
    var organization: OrganizationResponse
    /// Coder's `shareable_workspace_owners`; `nil` when the server lacks it or hides it.
    var sharingSetting: String?
    /// Username → id.
    var users: [String: String]
    /// Username → status, for users who are not active.
    var userStatus: [String: String] = [:]
    /// Group name → id.
    var groups: [String: String]
    /// Group name → its members' usernames, and its source (`oidc` when the identity provider manages it).
    var groupMembers: [String: Set<String>] = [:]
    var groupSources: [String: String] = [:]
    var groupDisplayNames: [String: String] = [:]
    var templates: [String: LiveState.Template]
    /// Every workspace the token can see, as the listing has it.
    var workspaces: [WorkspaceResponse]
}
