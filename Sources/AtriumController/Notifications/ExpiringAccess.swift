import AtriumCore
import Foundation

/// What expires soon, for the controller's daily digest: workspace grants (through Grants too),
/// group memberships and template-ACL entries whose `expires` falls within the window.
enum ExpiringAccess {
    static func lines(in state: DesiredState, now: Date, within window: Duration) -> [String] {
        let end = now.addingTimeInterval(TimeInterval(window.components.seconds))
        func soon(_ date: Date?) -> Bool { date.map { $0 > now && $0 <= end } ?? false }
        var lines: [String] = []
        let access = EffectiveAccess(state: state, now: now)
        for workspace in state.workspaces {
            for entry in access.entries(for: workspace.id) {
                for source in entry.sources where soon(source.expires) {
                    let place = "\(source.location.file):\(source.location.line)"
                    lines.append(
                        "\(entry.subject) \(source.role.rawValue) on \(workspace.id) expires "
                            + "\(Timestamp.format(source.expires ?? now)) (\(place))")
                }
            }
        }
        for group in state.groups {
            for member in group.currentMembers(at: now) where soon(member.expires) {
                lines.append(
                    "\(member.user) leaves group \(group.name) at \(Timestamp.format(member.expires ?? now)) "
                        + "(\(member.location.file):\(member.location.line))")
            }
        }
        for template in state.templateAccess {
            for grant in template.grants where soon(grant.expires) {
                lines.append(
                    "\(grant.subject) \(grant.role.rawValue) on template \(template.template) expires "
                        + "\(Timestamp.format(grant.expires ?? now)) (\(grant.location.file):\(grant.location.line))")
            }
        }
        return lines
    }
}
