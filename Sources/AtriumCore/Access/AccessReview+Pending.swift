extension AccessReview {
    /// Marks the rows a plan would change, for a review read from git alone beside a plan that
    /// was not applied (a dry run, a refused plan): a grant git declares that the server lacks,
    /// a role that differs, and a grant only the server has (added as a row).
    public mutating func mark(pending actions: [PlanAction]) {
        for action in actions {
            guard let subject = action.change.subject else { continue }
            let status: Status
            var live: String?
            switch action.change {
            case .grant, .addMember: status = .missingOnServer
            case .templateGrant(_, _, _, let previous):
                status = previous == nil ? .missingOnServer : .roleDiffers
                live = previous?.rawValue
            case .changeRole(_, _, let from, _):
                status = .roleDiffers
                live = from.rawValue
            case .revoke(_, _, let was), .templateRevoke(_, _, let was):
                status = .notDeclared
                live = was.rawValue
            case .removeMember:
                status = .notDeclared
                live = "member"
            default: continue
            }
            let target = action.workspace
            if let index = rows.firstIndex(where: { $0.workspace == target && $0.subject == subject.description }) {
                rows[index].status = status
                rows[index].liveRole = live
            } else if status == .notDeclared {
                rows.append(
                    Row(
                        workspace: target, subject: subject.description, role: nil, sources: [], status: status,
                        liveRole: live))
            }
        }
    }
}
