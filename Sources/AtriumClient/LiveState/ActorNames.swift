import AtriumCore

/// Usernames and group names by id, to read `shared_with` as Coder writes it: a user actor's
/// `name` is a display name ("Maria Lopez", or empty), so actors are matched by `id`. An id the
/// lists do not have (an actor the token cannot see) falls back to the actor's name.
struct ActorNames: Sendable {
    var users: [String: String]
    var groups: [String: String]

    func add(_ actor: SharedActorResponse, to workspace: inout LiveState.Workspace) {
        guard let role = actor.roles.compactMap(Role.init(rawValue:)).max() else { return }
        if actor.actorType == "group" {
            workspace.groups[groups[actor.id] ?? actor.name] = role
        } else {
            workspace.users[users[actor.id] ?? actor.name] = role
        }
    }
}
