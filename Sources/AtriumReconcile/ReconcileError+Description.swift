import AtriumClient
import AtriumCore
import AtriumGit

extension ReconcileError: CustomStringConvertible {
    /// One line saying why the reconcile stopped, for a status page or a log: the first problem
    /// found is named with its file:line:col. (The CLI prints every diagnostic on its own line.)
    package var description: String {
        switch self {
        case .unreadable(let underlying):
            return underlying.description
        case .invalid(let loaded):
            let first = loaded.diagnostics.first(where: { $0.severity == .error }).map { ": \($0)" } ?? ""
            return
                "the desired state at \(loaded.commit.prefix(12)) is invalid "
                + "(\(Self.count(loaded.errorCount, "error")))\(first)"
        case .connect(let underlying), .aborted(let underlying):
            return "\(underlying)"
        case .liveState(let server, let underlying, _):
            return "cannot read the live state from \(server): \(underlying)"
        case .permission(let missing, _):
            return missing
        case .planning(let found, _):
            let errors = found.filter { $0.severity == .error }
            return "\(Self.count(errors.count, "problem")) found while planning"
                + (errors.first.map { ": \($0)" } ?? "")
        case .savedPlanCommit(let saved, let current, _):
            return "the saved plan was made at commit \(saved.prefix(12)), not \(current.prefix(12))"
        case .savedPlanServer(let saved, let current, _):
            return "the saved plan was made for \(saved), not \(current)"
        case .savedPlanLiveState(let saved, let now, _):
            return
                "the live state changed since the plan was saved (it has \(Self.count(saved, "change")); "
                + "planning now gives \(now))"
        }
    }

    private static func count(_ value: Int, _ noun: String) -> String {
        "\(value) \(noun)\(value == 1 ? "" : "s")"
    }
}
