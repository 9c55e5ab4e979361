public import Foundation

/// A grant, membership or template-ACL entry git declares for a user who left: suspended or
/// dormant on the server, or no longer one of its users. Reported by every command that reads the
/// server; removed by reconcile under `policy.inactiveUsers: revoke`.
public struct InactiveHolding: Sendable, Hashable, Codable {
    public enum Status: String, Sendable, Hashable, Codable, CaseIterable {
        case suspended, dormant
        /// Not a user of the server (deleted, or never created).
        case unknown
    }

    public var user: String
    public var status: Status
    /// What the user holds: `use on maria/api`, `member of group qa`, `admin on template go-dev`.
    public var holds: String
    public var location: SourceLocation

    enum CodingKeys: String, CodingKey {
        case user, status, holds, file, line, column
    }

    public init(user: String, status: Status, holds: String, location: SourceLocation) {
        self.user = user
        self.status = status
        self.holds = holds
        self.location = location
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        user = try container.decode(String.self, forKey: .user)
        status = try container.decode(Status.self, forKey: .status)
        holds = try container.decode(String.self, forKey: .holds)
        location = SourceLocation(
            file: try container.decode(String.self, forKey: .file), line: try container.decode(Int.self, forKey: .line),
            column: try container.decode(Int.self, forKey: .column))
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(user, forKey: .user)
        try container.encode(status, forKey: .status)
        try container.encode(holds, forKey: .holds)
        try container.encode(location.file, forKey: .file)
        try container.encode(location.line, forKey: .line)
        try container.encode(location.column, forKey: .column)
    }

    /// `user dev-1 is suspended and holds use on maria/api`.
    public var description: String {
        let who = status == .unknown ? "user \(user) is not a user of the server" : "user \(user) is \(status.rawValue)"
        return "\(who) and holds \(holds)"
    }

    /// Everything git declares for users the server says have left (or does not know), in file
    /// order: workspace grants (through Grants too), current memberships, template-ACL entries.
    /// `access`: the state's effective access, when the caller has it already (the planner).
    public static func find(
        desired: DesiredState, live: LiveState, now: Date, access: EffectiveAccess? = nil
    ) -> [InactiveHolding] {
        find(desired: desired, users: Set(live.users.keys), userStatus: live.userStatus, now: now, access: access)
    }

    /// As `find(desired:live:now:)`, from the server's usernames and the status of those not active.
    public static func find(
        desired: DesiredState, users: Set<String>, userStatus: [String: String], now: Date,
        access: EffectiveAccess? = nil
    ) -> [InactiveHolding] {
        func status(_ user: String) -> Status? {
            guard users.contains(user) else { return .unknown }
            return userStatus[user].flatMap(Status.init(rawValue:))
        }
        var found: [InactiveHolding] = []
        let access = access ?? EffectiveAccess(state: desired, now: now)
        for workspace in desired.workspaces {
            for entry in access.entries(for: workspace.id) {
                guard case .user(let user) = entry.subject, let left = status(user) else { continue }
                for source in entry.sources {
                    found.append(
                        .init(
                            user: user, status: left, holds: "\(source.role.rawValue) on \(workspace.id)",
                            location: source.location))
                }
            }
        }
        for group in desired.groups {
            for member in group.currentMembers(at: now) {
                guard let left = status(member.user) else { continue }
                found.append(
                    .init(
                        user: member.user, status: left, holds: "member of group \(group.name)",
                        location: member.location))
            }
        }
        for access in desired.templateAccess {
            for grant in access.grants where !grant.isExpired(at: now) {
                guard case .user(let user) = grant.subject, let left = status(user) else { continue }
                found.append(
                    .init(
                        user: user, status: left, holds: "\(grant.role.rawValue) on template \(access.template)",
                        location: grant.location))
            }
        }
        return found.sorted { $0.location < $1.location }
    }
}

extension DesiredState {
    /// The state without anything it declares for `users`: their workspace grants (in Workspace
    /// and Grant documents), group memberships and template-ACL entries.
    public func removing(users: Set<String>) -> DesiredState {
        guard !users.isEmpty else { return self }
        func keeps(_ grant: SubjectGrant) -> Bool {
            if case .user(let user) = grant.subject { return !users.contains(user) }
            return true
        }
        var state = self
        for index in state.workspaces.indices { state.workspaces[index].grants.removeAll { !keeps($0) } }
        for index in state.grants.indices { state.grants[index].grants.removeAll { !keeps($0) } }
        for index in state.groups.indices { state.groups[index].members?.removeAll { users.contains($0.user) } }
        for index in state.templateAccess.indices { state.templateAccess[index].grants.removeAll { !keeps($0) } }
        return state
    }
}
