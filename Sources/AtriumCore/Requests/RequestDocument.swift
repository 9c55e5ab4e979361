public import Foundation

/// The Grant document `atrium request` writes: one subject, one role, one workspace, an
/// `expires` the asked duration after the request, and who asked and why. Its path puts it under
/// the workspace it names (`requests/workspaces/OWNER/NAME/`), so a CODEOWNERS line for that folder
/// makes the workspace's approvers review it.
public struct RequestDocument: Sendable {
    public var subject: Subject
    public var workspace: WorkspaceID
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
        subject: Subject, workspace: WorkspaceID, role: Role, duration: Duration, text: String,
        requester: String, reason: String, at now: Date
    ) {
        self.subject = subject
        self.workspace = workspace
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
        "requests/workspaces/\(workspace.owner)/\(workspace.name)/\(subject.kind)-\(subject.name)-\(stamp).yaml"
    }

    /// `request/dev-1/maria-api-20261206T190500Z`.
    public var branch: String { "request/\(subject.name)/\(workspace.owner)-\(workspace.name)-\(stamp)" }

    /// `Request user:dev-1 use on maria/api for 8h: INC-4711`.
    public var commitMessage: String {
        "Request \(subject) \(role.rawValue) on \(workspace) for \(request.duration): \(request.reason)\n\n"
            + "Written by atrium request for \(request.requester). Approving this pull request grants it; "
            + "it expires at \(Timestamp.format(expires)).\n"
    }

    /// The YAML: every value from outside quoted, so no text can change its structure.
    public var yaml: String {
        let subjects = subject.kind == "user" ? "users" : "groups"
        return """
            # Written by atrium request. Approving the pull request that adds it grants the access;
            # it expires by itself, and `atrium request prune` removes the file once it has.
            apiVersion: atrium/v1
            kind: Grant
            metadata: {name: \(name)}
            spec:
              workspaces: {names: [\(Self.quoted(workspace.description))]}
              \(subjects): {\(Self.quoted(subject.name)): \(role.rawValue)}
              expires: \(Timestamp.format(expires))
              request:
                by: \(Self.quoted(request.requester))
                reason: \(Self.quoted(request.reason))
                for: \(Self.quoted(request.duration))
                at: \(Timestamp.format(request.requestedAt))

            """
    }

    /// A YAML double-quoted scalar (JSON's string syntax, which YAML reads the same).
    static func quoted(_ text: String) -> String {
        var result = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": result += "\\\""
            case "\\": result += "\\\\"
            case _ where scalar.value < 0x20 || scalar.value == 0x7F:
                result += String(format: "\\u%04X", scalar.value)
            default: result.unicodeScalars.append(scalar)
            }
        }
        return result + "\""
    }
}
