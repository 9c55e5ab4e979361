public import Foundation

/// Builds the evidence pack one commit at a time, oldest first, from each commit's files decoded
/// one by one (`Part`). Most commits change a file or two of workspaces, so only the workspaces
/// declared in files that changed — or whose declarations expired since the previous commit —
/// have their access worked out again; any change to anything else (the Config, Grants, groups,
/// template access, rules, campaigns, requests) works all of it out again, as does an expiry
/// among those. Either way a commit's grants are what `AccessReview` finds for its whole state.
public struct EvidenceTracker {
    /// One file at one commit, decoded on its own; files with the same `id` declare the same.
    public struct Part {
        /// Names the file and its content (its path and blob id, say).
        public var id: String
        public var state: DesiredState
        /// The file declares only workspaces.
        var workspacesOnly: Bool
        /// Every expiry the file declares.
        var expiries: [Date]

        public init(id: String, state: DesiredState) {
            self.id = id
            self.state = state
            workspacesOnly =
                state.config.location == nil && state.grants.isEmpty && state.groups.isEmpty
                && state.templateAccess.isEmpty && state.rules.isEmpty && state.requestedGrants.isEmpty
                && state.reviews.isEmpty && state.factoryTemplates.isEmpty
            let grants =
                state.workspaces.flatMap(\.grants) + state.grants.flatMap(\.grants)
                + state.templateAccess.flatMap(\.grants)
            expiries =
                grants.compactMap(\.expires) + state.groups.flatMap { ($0.members ?? []).compactMap(\.expires) }
        }
    }

    private struct OpenGrant {
        var record: EvidencePack.Record
        var expires: String?
    }

    private let since: Date
    private var parts: [Part] = []
    /// The reviewable rows in force, by target (`maria/api`, `group NAME`, `template NAME`).
    private var rows: [String: [AccessReview.Row]] = [:]
    /// The state without its workspaces, as of the last full working out.
    private var shared = DesiredState()
    private var open: [String: OpenGrant] = [:]
    private var closed: [EvidencePack.Record] = []
    private var decided: [String: (decision: ReviewCampaign.Decision, point: EvidencePack.Point)] = [:]
    private var campaigns: [ReviewCampaign] = []
    private var previous: Date?
    /// How many commits had all their access worked out (for `--stats`).
    public private(set) var fullCount = 0
    public private(set) var pointCount = 0

    public init(since: Date) {
        self.since = since
    }

    /// Adds the commit `point`, whose desired state is `parts` (in file order).
    public mutating func add(_ point: EvidencePack.Point, parts newParts: [Part]) {
        let at = max(point.time, since)
        let oldIDs = Set(parts.map(\.id))
        let newIDs = Set(newParts.map(\.id))
        let previous = self.previous
        func expiring(_ part: Part) -> Bool {
            guard let previous else { return false }
            return part.expiries.contains { $0 > previous && $0 <= at }
        }
        let changed =
            parts.filter { !newIDs.contains($0.id) || expiring($0) } + newParts.filter { !oldIDs.contains($0.id) }
        parts = newParts
        self.previous = at
        pointCount += 1
        if previous == nil || changed.contains(where: { !$0.workspacesOnly }) {
            workOutAll(at: point, time: at)
        } else if !changed.isEmpty {
            let ids = Set(changed.flatMap { $0.state.workspaces.map(\.id.description) })
            var state = shared
            state.workspaces = parts.flatMap { $0.state.workspaces.filter { ids.contains($0.id.description) } }
            let found = Self.rowsByTarget(state, at: at)
            for target in ids { update(target, to: found[target] ?? [], at: point) }
        }
    }

    /// The pack: what was closed, and what is still open at `until` (ended if it expired by then).
    public func pack(until: Date, drift: [EvidencePack.DriftRemoval]) -> EvidencePack {
        var records =
            closed
            + open.values.map { entry in
                var record = entry.record
                if let expires = entry.expires, let date = Timestamp.parse(expires), date <= until {
                    record.ended = EvidencePack.Ended(how: "expired", at: expires, commit: nil, by: nil)
                }
                return record
            }
        records += drift.compactMap(EvidencePack.removal)
        let reviews = reviewsByGrant()
        for index in records.indices {
            records[index].reviews = reviews[EvidencePack.key(records[index])] ?? []
        }
        records.sort { ($0.target, $0.subject, $0.role) < ($1.target, $1.subject, $1.role) }
        return EvidencePack(since: Timestamp.format(since), until: Timestamp.format(until), records: records)
    }

    private mutating func workOutAll(at point: EvidencePack.Point, time: Date) {
        fullCount += 1
        var decoder = DocumentDecoder()
        for part in parts {
            if decoder.state.config.location == nil, part.state.config.location != nil {
                decoder.state.config = part.state.config
            }
            decoder.state.append(part.state)
        }
        decoder.resolveRequests()
        shared = decoder.state
        shared.workspaces = []
        let found = Self.rowsByTarget(decoder.state, at: time)
        for target in Set(rows.keys).union(found.keys) { update(target, to: found[target] ?? [], at: point) }
        for campaign in decoder.state.reviews {
            for item in campaign.items where decided["\(campaign.name)\u{0}\(item.grant)"]?.decision != item.decision {
                decided["\(campaign.name)\u{0}\(item.grant)"] = (item.decision, point)
            }
        }
        campaigns = decoder.state.reviews
    }

    private static func rowsByTarget(_ state: DesiredState, at time: Date) -> [String: [AccessReview.Row]] {
        let rows = ReviewProgress.reviewable(
            AccessReview(state: state, revision: .init(name: "", commit: ""), at: time).rows)
        return Dictionary(grouping: rows, by: \.workspace)
    }

    /// Closes the grants of `target` no longer in force and opens the new ones.
    private mutating func update(_ target: String, to new: [AccessReview.Row], at point: EvidencePack.Point) {
        let old = rows[target] ?? []
        guard old != new else { return }
        let newKeys = Set(new.map(ReviewCampaign.key))
        for row in old where !newKeys.contains(ReviewCampaign.key(row)) {
            guard let entry = open.removeValue(forKey: ReviewCampaign.key(row)) else { continue }
            var record = entry.record
            record.ended = EvidencePack.ending(expires: entry.expires, at: point)
            closed.append(record)
        }
        for row in new {
            let key = ReviewCampaign.key(row)
            if open[key] != nil {
                open[key]?.expires = row.expires
            } else {
                let granted = EvidencePack.granted(at: point, before: point.time < since)
                open[key] = OpenGrant(record: EvidencePack.record(row, granted: granted), expires: row.expires)
            }
        }
        rows[target] = new.isEmpty ? nil : new
    }

    /// The decisions of the campaigns at the last commit, each with the commit that set it.
    private func reviewsByGrant() -> [String: [EvidencePack.Reviewed]] {
        var reviews: [String: [EvidencePack.Reviewed]] = [:]
        for campaign in campaigns {
            for item in campaign.items {
                let point = decided["\(campaign.name)\u{0}\(item.grant)"]?.point
                reviews[item.grant, default: []].append(
                    EvidencePack.Reviewed(
                        campaign: campaign.name, reviewer: item.reviewer, decision: item.decision.rawValue,
                        comment: item.comment, due: Timestamp.format(campaign.due), decidedIn: point?.commit.sha,
                        decidedAt: point?.commit.date, decidedBy: point?.commit.author))
            }
        }
        return reviews
    }
}
