public import Foundation

/// Desired against live for a declared group's members or a declared template's ACL: what
/// `atrium show group:NAME` and `atrium show template:NAME` print, row by row.
public struct IdentityComparison: Sendable, Codable {
    public struct Row: Sendable, Codable, Hashable {
        /// `user:NAME` for members and template users, `group:NAME` for template groups.
        public var subject: String
        /// `member`, `use` or `admin`; `nil` when only the server has it.
        public var desired: String?
        public var live: String?
        public var status: AccessComparison.Status
        public var source: Declaration?
    }

    /// `group qa` or `template python-dev`.
    public var target: String
    public var declared: Bool
    public var existsOnServer: Bool
    public var rows: [Row]

    /// A group's members: declared (those whose membership has not lapsed) against the server's.
    public init(group name: String, desired: DesiredState, live: LiveState, now: Date) {
        target = "group \(name)"
        let declaration = desired.group(name)
        declared = declaration != nil
        existsOnServer = live.groups[name] != nil
        var wanted: [String: (role: String, source: Declaration?)] = [:]
        for member in declaration?.currentMembers(at: now) ?? [] {
            wanted["user:\(member.user)"] = (
                "member", Declaration(member.location, key: .member(group: name, user: member.user))
            )
        }
        let current = Dictionary(
            (live.groupMembers[name] ?? []).map { ("user:\($0)", "member") }, uniquingKeysWith: { first, _ in first })
        rows = Self.rows(wanted, current, undeclared: declaration?.members != nil ? .toUnshare : .notGoverned)
    }

    /// A template's ACL: declared (grants not expired) against the server's.
    public init(template name: String, desired: DesiredState, live: LiveState, now: Date) {
        target = "template \(name)"
        let declaration = desired.templateAccess.first { $0.template == name }
        declared = declaration != nil
        existsOnServer = live.templates[name] != nil
        var wanted: [String: (role: String, source: Declaration?)] = [:]
        for (subject, grant) in declaration?.roles(at: now) ?? [:] {
            wanted[subject.description] = (
                grant.role.rawValue,
                Declaration(grant.location, key: .templateGrant(template: name, subject: subject, role: grant.role))
            )
        }
        let current = Dictionary(
            (live.templateACLs[name] ?? [:]).map { ($0.key.description, $0.value.rawValue) },
            uniquingKeysWith: { first, _ in first })
        rows = Self.rows(wanted, current, undeclared: declaration != nil ? .toUnshare : .notGoverned)
    }

    /// Each subject once, in order: in git, on the server, or both; `undeclared` is the status
    /// of what only the server has (removed, or not governed).
    static func rows(
        _ wanted: [String: (role: String, source: Declaration?)], _ current: [String: String],
        undeclared: AccessComparison.Status
    ) -> [Row] {
        Set(wanted.keys).union(current.keys).sorted().map { subject in
            let desired = wanted[subject]?.role
            let live = current[subject]
            let status: AccessComparison.Status =
                switch (desired, live) {
                case (nil, _): undeclared
                case (_, nil): .toShare
                case (let desired?, let live?): desired == live ? .inSync : .toChange
                }
            return Row(subject: subject, desired: desired, live: live, status: status, source: wanted[subject]?.source)
        }
    }
}
