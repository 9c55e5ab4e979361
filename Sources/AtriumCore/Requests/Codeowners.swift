public import Foundation

/// The CODEOWNERS section `atrium codeowners` prints from `approvers`: each object's file, and the
/// folder `atrium request` writes its requests in (`requests/workspaces/OWNER/NAME/`,
/// `requests/groups/NAME/`, `requests/templates/NAME/`), so that a request is reviewed by the
/// approvers of what it names. A SharingRule's approvers cover the rule's file and every declared
/// workspace it covers. Where one file holds objects with different approvers, the line lists them
/// all (CODEOWNERS owns files, not documents).
public struct Codeowners: Sendable {
    /// Approvers by path: a file, or a folder ending in `/`.
    public private(set) var owners: [String: Set<String>] = [:]

    public init(state: DesiredState, prefix: String, now: Date) {
        let folder = prefix.isEmpty ? "requests" : "\(prefix)/requests"
        let book = RuleBook(state: state, now: now)
        for workspace in state.workspaces {
            var approvers = Set(workspace.approvers)
            for rule in state.rules where book.covers(rule, workspace) { approvers.formUnion(rule.approvers) }
            add(approvers, workspace.location.file)
            add(approvers, "\(folder)/workspaces/\(workspace.owner)/\(workspace.name)/")
        }
        for group in state.groups {
            add(Set(group.approvers), group.location.file)
            add(Set(group.approvers), "\(folder)/groups/\(group.name)/")
        }
        for access in state.templateAccess {
            add(Set(access.approvers), access.location.file)
            add(Set(access.approvers), "\(folder)/templates/\(access.template)/")
        }
        for rule in state.rules { add(Set(rule.approvers), rule.location.file) }
    }

    private mutating func add(_ approvers: Set<String>, _ path: String) {
        guard !approvers.isEmpty else { return }
        owners[path, default: []].formUnion(approvers)
    }

    public static let begin = "# BEGIN atrium codeowners: generated from `approvers` by `atrium codeowners`"
    public static let end = "# END atrium codeowners"

    /// The section, paths from the repository's root, in order; a space in a path is escaped.
    public var text: String {
        let lines = owners.keys.sorted().map { path in
            let escaped = path.replacingOccurrences(of: " ", with: "\\ ")
            return "/\(escaped) " + (owners[path] ?? []).sorted().joined(separator: " ")
        }
        return ([Self.begin] + lines + [Self.end]).joined(separator: "\n") + "\n"
    }
}
