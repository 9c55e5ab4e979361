/// The plan's JSON (`schemas/plan.schema.json`): a flat object per action, with a `kind` and the
/// fields that kind has. The typed `Change` is read from and written to it here, and only here.
extension PlanAction: Codable {
    enum CodingKeys: String, CodingKey {
        case kind, workspace, subject, role, link, snapshot, template, parameters, sources, reason, port, value
        case previousPort = "previous_port"
        case previousRole = "previous_role"
        case previousLink = "previous_link"
        case removedIn = "removed_in"
        case previousValue = "previous_value"
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(wireKind, forKey: .kind)
        try container.encode(workspace, forKey: .workspace)
        try encodePayload(into: &container)
        try container.encode(sources, forKey: .sources)
        try container.encode(reason, forKey: .reason)
        try container.encodeIfPresent(removedIn, forKey: .removedIn)
    }

    /// The JSON kind: on Coder a link change is the Everyone group's share or unshare.
    var wireKind: Kind {
        if case .link(_, _, let to, .everyoneGroup) = change { return to == .everyone ? .share : .unshare }
        return kind
    }

    private func encodePayload(into container: inout KeyedEncodingContainer<CodingKeys>) throws {
        switch change {
        case .createWorkspace(_, let template, let parameters):
            try container.encode(template, forKey: .template)
            try container.encode(parameters, forKey: .parameters)
        case .grant(_, let subject, let role):
            try container.encode(subject, forKey: .subject)
            try container.encode(role, forKey: .role)
        case .changeRole(_, let subject, let from, let to):
            try container.encode(subject, forKey: .subject)
            try container.encode(to, forKey: .role)
            try container.encode(from, forKey: .previousRole)
        case .revoke(_, let subject, let was), .templateRevoke(_, let subject, let was):
            try container.encode(subject, forKey: .subject)
            try container.encode(was, forKey: .previousRole)
        case .link(_, let from, let to, let through):
            try container.encode(to, forKey: .link)
            try container.encode(from, forKey: .previousLink)
            if through == .everyoneGroup {
                try container.encode(Subject.group(Group.everyone), forKey: .subject)
                try container.encode(Role.use, forKey: to == .everyone ? .role : .previousRole)
            }
        case .snapshot(_, let name):
            try container.encode(name, forKey: .snapshot)
        case .release(_, let closesLink):
            if closesLink { try container.encode(LinkLevel.everyone, forKey: .previousLink) }
        case .orgSetting(_, let from, let to):
            try container.encode(to, forKey: .value)
            try container.encode(from, forKey: .previousValue)
        case .createGroup(_, let displayName):
            try container.encodeIfPresent(displayName, forKey: .value)
        case .addMember(_, let user), .removeMember(_, let user):
            try container.encode(Subject.user(user), forKey: .subject)
        case .setGroupDisplayName(_, let from, let to):
            try container.encode(to, forKey: .value)
            try container.encodeIfPresent(from, forKey: .previousValue)
        case .deleteGroup:
            break
        case .templateGrant(_, let subject, let role, let previous):
            try container.encode(subject, forKey: .subject)
            try container.encode(role, forKey: .role)
            try container.encodeIfPresent(previous, forKey: .previousRole)
        case .sharePort(_, let share, let previous):
            try container.encode(share, forKey: .port)
            try container.encodeIfPresent(previous, forKey: .previousPort)
        case .unsharePort(_, let share):
            try container.encode(share, forKey: .port)
        }
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let kind = try container.decode(Kind.self, forKey: .kind)
        let text = try container.decode(String.self, forKey: .workspace)
        guard let target = ChangeTarget(text) else {
            throw DecodingError.dataCorruptedError(
                forKey: .workspace, in: container, debugDescription: "`\(text)` names no workspace, group or template")
        }
        self.init(
            try Self.change(kind, target: target, container),
            sources: try container.decode([Declaration].self, forKey: .sources),
            reason: try container.decode(String.self, forKey: .reason),
            removedIn: try container.decodeIfPresent(CommitInfo.self, forKey: .removedIn))
    }
}

extension PlanAction {
    typealias Fields = KeyedDecodingContainer<CodingKeys>

    /// The change a flat action describes; a field its kind needs and lacks is an error.
    static func change(_ kind: Kind, target: ChangeTarget, _ fields: Fields) throws -> Change {
        switch (kind, target) {
        case (.createWorkspace, .workspace(let id)):
            return .createWorkspace(
                id, template: try fields.decode(String.self, forKey: .template),
                parameters: try fields.decodeIfPresent([String: String].self, forKey: .parameters) ?? [:])
        case (.share, .workspace(let id)), (.unshare, .workspace(let id)), (.changeRole, .workspace(let id)):
            return try aclChange(kind, id, fields)
        case (.setLink, .workspace(let id)):
            return .link(
                id, from: try fields.decode(LinkLevel.self, forKey: .previousLink),
                to: try fields.decode(LinkLevel.self, forKey: .link), through: .admission)
        case (.snapshot, .workspace(let id)):
            return .snapshot(id, name: try fields.decode(String.self, forKey: .snapshot))
        case (.release, .workspace(let id)):
            return .release(id, closesLink: try fields.decodeIfPresent(LinkLevel.self, forKey: .previousLink) != nil)
        case (.sharePort, .workspace(let id)):
            return .sharePort(
                id, try fields.decode(PortShare.self, forKey: .port),
                previous: try fields.decodeIfPresent(PortShare.self, forKey: .previousPort))
        case (.unsharePort, .workspace(let id)):
            return .unsharePort(id, try fields.decode(PortShare.self, forKey: .port))
        case (.orgSetting, .organization(let name)):
            return .orgSetting(
                organization: name, from: try fields.decode(String.self, forKey: .previousValue),
                to: try fields.decode(String.self, forKey: .value))
        case (.createGroup, .group), (.addMember, .group), (.removeMember, .group), (.setGroupDisplayName, .group),
            (.deleteGroup, .group):
            return try groupChange(kind, target, fields)
        case (.templateGrant, .template(let name)):
            return .templateGrant(
                template: name, try fields.decode(Subject.self, forKey: .subject),
                try fields.decode(Role.self, forKey: .role),
                previous: try fields.decodeIfPresent(Role.self, forKey: .previousRole))
        case (.templateRevoke, .template(let name)):
            return .templateRevoke(
                template: name, try fields.decode(Subject.self, forKey: .subject),
                was: try fields.decode(Role.self, forKey: .previousRole))
        default:
            throw DecodingError.dataCorruptedError(
                forKey: .workspace, in: fields, debugDescription: "a \(kind.rawValue) is not made to \(target)")
        }
    }

    /// A share, role change or unshare; one with a link is Coder's link sharing.
    private static func aclChange(_ kind: Kind, _ id: WorkspaceID, _ fields: Fields) throws -> Change {
        let subject = try fields.decode(Subject.self, forKey: .subject)
        if let link = try fields.decodeIfPresent(LinkLevel.self, forKey: .link) {
            let from = try fields.decodeIfPresent(LinkLevel.self, forKey: .previousLink) ?? .owner
            return .link(id, from: from, to: link, through: .everyoneGroup)
        }
        switch kind {
        case .share: return .grant(id, subject, try fields.decode(Role.self, forKey: .role))
        case .unshare: return .revoke(id, subject, was: try fields.decode(Role.self, forKey: .previousRole))
        default:
            return .changeRole(
                id, subject, from: try fields.decode(Role.self, forKey: .previousRole),
                to: try fields.decode(Role.self, forKey: .role))
        }
    }

    private static func groupChange(_ kind: Kind, _ target: ChangeTarget, _ fields: Fields) throws -> Change {
        guard case .group(let name) = target else { preconditionFailure("a group change names a group") }
        func user() throws -> String {
            let subject = try fields.decode(Subject.self, forKey: .subject)
            guard case .user(let user) = subject else {
                throw DecodingError.dataCorruptedError(
                    forKey: .subject, in: fields, debugDescription: "a member is a user, not \(subject)")
            }
            return user
        }
        switch kind {
        case .createGroup:
            return .createGroup(name, displayName: try fields.decodeIfPresent(String.self, forKey: .value))
        case .addMember: return .addMember(group: name, user: try user())
        case .removeMember: return .removeMember(group: name, user: try user())
        case .setGroupDisplayName:
            return .setGroupDisplayName(
                name, from: try fields.decodeIfPresent(String.self, forKey: .previousValue),
                to: try fields.decode(String.self, forKey: .value))
        default: return .deleteGroup(name)
        }
    }
}
