public import Foundation

/// The Grant document `atrium request` writes: one subject, one role, one workspace, template or
/// group membership, an `expires` the asked duration after the request, and who asked and why.
/// Its path puts it under what it names (`requests/workspaces/OWNER/NAME/`,
/// `requests/templates/NAME/`, `requests/groups/NAME/`), so a CODEOWNERS line for that folder makes
/// the right approvers review it.
public struct RequestDocument: Sendable {
    /// What the request is for.
    public enum Target: Sendable, Hashable, CustomStringConvertible {
        case workspace(WorkspaceID)
        case template(String)
        /// A membership of the group (the subject is a user; the role is not used).
        case group(String)

        public var description: String {
            switch self {
            case .workspace(let id): "\(id)"
            case .template(let name): "template \(name)"
            case .group(let name): "group \(name)"
            }
        }

        /// `workspaces/maria/api`, `templates/go-dev`, `groups/qa`.
        var folder: String {
            switch self {
            case .workspace(let id): "workspaces/\(id.owner)/\(id.name)"
            case .template(let name): "templates/\(name)"
            case .group(let name): "groups/\(name)"
            }
        }

        /// `maria-api`, `template-go-dev`, `group-qa`.
        var slug: String {
            switch self {
            case .workspace(let id): "\(id.owner)-\(id.name)"
            case .template(let name): "template-\(name)"
            case .group(let name): "group-\(name)"
            }
        }
    }

    public var subject: Subject
    public var target: Target
    public var role: Role
    public var request: AccessRequest
    public var expires: Date

    /// Text a reason may not hold: it is one line in the commit message and the document.
    public static func reasonProblem(_ reason: String) -> String? {
        if reason.trimmingCharacters(in: .whitespaces).isEmpty { return "is empty" }
        if reason.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) {
            return "holds a control character (a newline, a tab)"
        }
        return reason.count > 200 ? "is longer than 200 characters" : nil
    }

    public init(
        subject: Subject, target: Target, role: Role, duration: Duration, text: String,
        requester: String, reason: String, at now: Date
    ) {
        self.subject = subject
        self.target = target
        self.role = role
        let requestedAt = Date(timeIntervalSince1970: now.timeIntervalSince1970.rounded(.down))
        request = AccessRequest(requester: requester, reason: reason, duration: text, requestedAt: requestedAt)
        expires = requestedAt.addingTimeInterval(TimeInterval(duration.components.seconds))
    }

    /// `20261206T190500Z`.
    private var stamp: String {
        Timestamp.format(request.requestedAt).filter { $0 != "-" && $0 != ":" }
    }

    /// `request-dev-1-20261206t190500z`, cut to Coder's 63 characters.
    public var name: String {
        let name = "request-\(subject.name)-\(stamp.lowercased())"
        return name.count <= 63 ? name : "request-\(stamp.lowercased())"
    }

    /// The file, relative to the desired state's folder.
    public var path: String {
        "requests/\(target.folder)/\(subject.kind)-\(subject.name)-\(stamp).yaml"
    }

    /// `request/dev-1/maria-api-20261206T190500Z`.
    public var branch: String { "request/\(subject.name)/\(target.slug)-\(stamp)" }

    /// `user:dev-1 use on maria/api`, `user:dev-1 joins group qa`.
    public var summary: String {
        if case .group(let group) = target { return "\(subject) joins group \(group)" }
        return "\(subject) \(role.rawValue) on \(target)"
    }

    /// `Request user:dev-1 use on maria/api for 8h: INC-4711`.
    public var commitMessage: String {
        "Request \(summary) for \(request.duration): \(request.reason)\n\n"
            + "Written by atrium request for \(request.requester). Approving this pull request grants it; "
            + "it expires at \(Timestamp.format(expires)).\n"
    }

    /// What the Grant is for, and to whom, as its spec writes them.
    private var targetLines: String {
        let subjects = subject.kind == "user" ? "users" : "groups"
        let given = "\(subjects): {\(YAMLText.quoted(subject.name)): \(role.rawValue)}"
        switch target {
        case .workspace(let id): return "workspaces: {names: [\(YAMLText.quoted(id.description))]}\n  \(given)"
        case .template(let name): return "template: \(YAMLText.quoted(name))\n  \(given)"
        case .group(let name): return "join: \(YAMLText.quoted(name))\n  members: [\(YAMLText.quoted(subject.name))]"
        }
    }

    /// The YAML: every value from outside quoted, so no text can change its structure.
    public var yaml: String {
        """
        # Written by atrium request. Approving the pull request that adds it grants the access;
        # it expires by itself, and `atrium request prune` removes the file once it has.
        apiVersion: atrium/v1
        kind: Grant
        metadata: {name: \(name)}
        spec:
          \(targetLines)
          expires: \(Timestamp.format(expires))
          request:
            by: \(YAMLText.quoted(request.requester))
            reason: \(YAMLText.quoted(request.reason))
            for: \(YAMLText.quoted(request.duration))
            at: \(Timestamp.format(request.requestedAt))

        """
    }
}
