import Foundation

/// Declared groups: created when the server lacks them, and their members made exactly the
/// declared ones (a member the server has and git does not list is removed, as an undeclared
/// grant is). Groups git does not declare are left alone.
extension Planner {
    func planGroups(_ draft: inout Draft) {
        planGroupPrune(&draft)
        for group in desired.groups where group.name != Group.everyone {
            let exists = live.groups[group.name] != nil
            if !exists {
                draft.creates.append(
                    PlanAction(
                        .createGroup(group.name, displayName: group.displayName),
                        sources: [Declaration(group.nameLocation)], reason: "declared in git, absent on the server"))
            }
            if exists, let wanted = group.displayName, live.groupDisplayNames[group.name] != wanted {
                draft.changes.append(
                    PlanAction(
                        .setGroupDisplayName(group.name, from: live.groupDisplayNames[group.name], to: wanted),
                        sources: [Declaration(group.nameLocation)], reason: "declared in git"))
            }
            guard let members = group.members else { continue }
            if live.groupSources[group.name] == "oidc", let location = group.membersLocation {
                draft.diagnostics.append(
                    .error(
                        at: location,
                        "group `\(group.name)` on \(server) is managed by the identity provider (source oidc), "
                            + "so its members cannot be declared",
                        hint:
                            "remove `members:` (granting the group stays allowed), or manage the membership in "
                            + "the identity provider"
                    ))
                continue
            }
            planMembers(of: group, members: members, live: exists ? live.groupMembers[group.name] ?? [] : [], &draft)
        }
    }

    /// Under `prune.groups: true`: deletes the groups git does not declare (never Everyone).
    func planGroupPrune(_ draft: inout Draft) {
        guard desired.config.pruneGroups else { return }
        let declared = Set(desired.groups.map(\.name))
        for name in live.groups.keys.sorted() where name != Group.everyone && !declared.contains(name) {
            draft.changes.append(
                PlanAction(
                    .deleteGroup(name),
                    sources: desired.config.pruneGroupsLocation.map { [Declaration($0)] } ?? [],
                    reason: "not declared in git, and prune.groups is true"))
        }
    }

    /// Adds the declared members the group lacks and removes the ones git does not list (or
    /// whose membership lapsed).
    private func planMembers(of group: Group, members: [Group.Member], live current: Set<String>, _ draft: inout Draft)
    {
        let wanted = group.currentMembers(at: now)
        let wantedNames = Set(wanted.map(\.user))
        for member in wanted where !current.contains(member.user) {
            guard live.users[member.user] != nil else {
                draft.diagnostics.append(
                    .error(
                        at: member.location, "unknown user `\(member.user)` on \(server)",
                        hint: Suggestion.didYouMean(member.user, in: Array(live.users.keys))
                            ?? "create the user on the server, or fix the name"))
                continue
            }
            draft.changes.append(
                PlanAction(
                    .addMember(group: group.name, user: member.user),
                    sources: [Declaration(member.location, key: .member(group: group.name, user: member.user))],
                    reason: "declared in git"))
        }
        for user in current.sorted() where !wantedNames.contains(user) {
            let lapsed = members.first { $0.user == user }
            draft.changes.append(
                PlanAction(
                    .removeMember(group: group.name, user: user),
                    reason: lapsed?.expires.map { "the membership lapsed at \(Timestamp.format($0))" }
                        ?? "not a member in git"))
        }
    }
}
