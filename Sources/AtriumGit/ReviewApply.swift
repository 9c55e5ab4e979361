import AtriumCore
import AtriumYAML
package import Foundation

/// `atrium review apply`: the removal from git of every grant a campaign revoked, committed on a
/// new branch. Each declaration is removed where it is written; one that cannot be (a Grant that
/// gives the subject several workspaces, a flow collection over lines) is left for a person, and
/// said.
package enum ReviewApply {
    package struct Result: Sendable {
        /// The commit, when something was removed.
        package var outcome: AccessRequests.Outcome?
        /// The revoked grants removed.
        package var removed: [String]
        /// The declarations left to edit by hand: `file:line (grant)`.
        package var left: [String]
    }

    package static func apply(
        campaign name: String, repository: String, base: String, prefix: String, now: Date,
        push credentials: GitCredentials?
    ) throws -> Result {
        let source = try GitSource(path: repository)
        let snapshot = try source.snapshot(at: base, under: GitSource.normalize(prefix))
        let state = DesiredStateLoader.load(snapshot, now: now).state
        guard let campaign = state.reviews.first(where: { $0.name == name }) else {
            throw GitError(.other, "no review `\(name)` at \(base)", hint: "atrium review start --name \(name)")
        }
        let rows = Dictionary(
            AccessReview(state: state, revision: .init(name: base, commit: snapshot.commit), at: now).rows.map {
                (ReviewCampaign.key($0), $0)
            }, uniquingKeysWith: { first, _ in first })
        var places: [String: [(line: Int, column: Int, grant: String)]] = [:]
        var left: [String] = []
        var removed: [String] = []
        for item in campaign.items where item.decision == .revoke {
            guard let row = rows[item.grant] else { continue }
            removed.append(item.grant)
            for declaration in row.sources {
                if let grant = declaration.grant, !declaresOne(grant, in: state) {
                    let place = "\(declaration.file):\(declaration.line)"
                    left.append("\(place) (\(item.grant): Grant \(grant) gives it on more than one workspace)")
                    continue
                }
                places[declaration.file, default: []].append((declaration.line, declaration.column, item.grant))
            }
        }
        var changes: [GitSource.FileChange] = []
        for (file, spots) in places.sorted(by: { $0.key < $1.key }) {
            guard let original = snapshot.files.first(where: { $0.path == file }) else { continue }
            let edit = DeclarationRemover.remove(
                spots.map { ($0.line, $0.column) }, from: String(decoding: original.bytes, as: UTF8.self))
            for spot in edit.left {
                let grant = spots.first { $0.line == spot.line && $0.column == spot.column }?.grant ?? ""
                left.append("\(file):\(spot.line) (\(grant))")
            }
            if edit.text.utf8.elementsEqual(original.bytes) == false {
                changes.append(.write(path: file, contents: Array(edit.text.utf8)))
            }
        }
        guard !changes.isEmpty else { return Result(outcome: nil, removed: [], left: left) }
        let stamp = Timestamp.format(now).filter { $0 != "-" && $0 != ":" }
        let branch = "review/\(name)-apply-\(stamp)"
        let message =
            "Apply review \(name): revoke \(removed.count) grant\(removed.count == 1 ? "" : "s")\n\n"
            + removed.map { "- \($0)" }.joined(separator: "\n") + "\n"
        let commit = try source.commit(changes, on: base, asBranch: branch, message: message)
        let outcome = try AccessRequests.finish(
            source, branch: branch, base: base, commit: commit, files: changes.map(\.path), credentials)
        return Result(outcome: outcome, removed: removed, left: left)
    }

    /// Whether the Grant `name` gives its subjects one workspace (so removing a subject from it
    /// removes that grant only).
    private static func declaresOne(_ name: String, in state: DesiredState) -> Bool {
        guard let grant = state.grants.first(where: { $0.name == name }), case .names(let names) = grant.workspaces
        else { return false }
        return names.count == 1
    }
}

extension GitSource.FileChange {
    var path: String {
        switch self {
        case .write(let path, _), .remove(let path): path
        }
    }
}
