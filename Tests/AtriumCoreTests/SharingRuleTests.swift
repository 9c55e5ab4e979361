import Foundation
import Testing

@testable import AtriumCore

/// SharingRules decoded and checked over the desired state: a grant that breaks one directly,
/// through a group's members, through a Grant on many workspaces, a link and a port; and the
/// rules that bind each row of `access`.
@Suite struct SharingRuleTests {
    static let now = Timestamp.parse("2026-12-01T12:00:00Z")!

    static func group(_ name: String, _ members: [String]) -> Node {
        [
            "apiVersion": "atrium/v1", "kind": "Group", "metadata": ["name": .scalar(name, .plain)],
            "spec": ["members": .list(members.map { .scalar($0, .plain) })],
        ]
    }

    static let rule: Node = [
        "apiVersion": "atrium/v1", "kind": "SharingRule", "metadata": ["name": "payments-stays-in-payments"],
        "spec": [
            "workspaces": ["selector": ["team": "payments"]], "subjects": ["groups": ["contractors"]],
            "allow": ["groups": ["payments", "oncall"]], "maxRole": "use", "requireExpiry": true,
            "maxDuration": "30d", "link": "forbidden", "maxPortShareLevel": "organization",
            "approvers": [Node.quoted("@acme/payments-leads")],
        ],
    ]

    static func payments(_ name: String, sharing: Node) -> Node {
        var workspace = Documents.workspace(name, owner: "maria", spec: ["sharing": sharing])
        if case .map(var fields) = workspace, let index = fields.firstIndex(where: { $0.0 == "metadata" }) {
            fields[index].1 = ["name": .scalar(name, .plain), "owner": "maria", "labels": ["team": "payments"]]
            workspace = .map(fields)
        }
        return workspace
    }

    static let groups: [String: Node] = [
        "contractors.yaml": group("contractors", ["dev-1", "dev-2"]),
        "payments.yaml": group("payments", ["maria", "ines", "dev-2"]),
        "frontend.yaml": group("frontend", ["jonas"]),
    ]

    func load(_ extra: [String: Node]) -> LoadResult {
        Documents.load(Self.groups.merging(["rules.yaml": Self.rule]) { $1 }.merging(extra) { $1 }, now: Self.now)
    }

    func ruleErrors(_ result: LoadResult) -> [String] {
        result.ruleViolations.map { "\($0.location?.description ?? ""): \($0.message)" }
    }

    @Test func theRuleDecodesWithEveryLimit() throws {
        let rule = try #require(load([:]).state.rules.first)
        #expect(rule.workspaces == .selector(["team": "payments"]))
        #expect(rule.subjects == SharingRule.Subjects(groups: ["contractors"]))
        #expect(rule.allow == SharingRule.Subjects(groups: ["payments", "oncall"]))
        #expect(rule.maxRole == .use && rule.requireExpiry && rule.forbidsLink)
        #expect(rule.maxDuration == .seconds(30 * 86_400))
        #expect(rule.maxPortShareLevel == .organization)
        #expect(rule.approvers == ["@acme/payments-leads"])
        #expect(load([:]).isValid)
    }

    @Test func aGrantThatBreaksTheRuleDirectlyIsReportedWithBothPlaces() {
        let result = load([
            "api.yaml": Self.payments("api", sharing: ["users": ["dev-1": ["role": "admin", "expires": "2027-06-01"]]])
        ])
        let errors = ruleErrors(result)
        #expect(errors.count == 3, "\(errors)")
        #expect(errors.contains { $0.contains("user:dev-1 may not be granted `admin` on `maria/api`") })
        #expect(errors.allSatisfy { $0.contains("violates rule payments-stays-in-payments (rules.yaml:") })
        #expect(errors.contains { $0.contains("allows at most `use`") })
        #expect(errors.contains { $0.contains("lasts 181d") && $0.contains("at most 30d") })
    }

    @Test func aContractorAllowedThroughAnAllowedGroupPasses() {
        // dev-2 is a contractor and a member of payments, which the rule allows.
        let result = load([
            "api.yaml": Self.payments("api", sharing: ["users": ["dev-2": ["role": "use", "expires": "2026-12-20"]]])
        ])
        #expect(ruleErrors(result).isEmpty, "\(ruleErrors(result))")
    }

    @Test func aMembershipThatMakesAGroupGrantReachAContractorIsReportedAtTheMember() {
        let grant: Node = ["groups": ["frontend": ["role": "use", "expires": "2026-12-20"]]]
        #expect(ruleErrors(load(["api.yaml": Self.payments("api", sharing: grant)])).isEmpty)
        let joined = load([
            "api.yaml": Self.payments("api", sharing: grant),
            "frontend.yaml": Self.group("frontend", ["jonas", "dev-1"]),
        ])
        let errors = ruleErrors(joined)
        #expect(errors.count == 1, "\(errors)")
        #expect(errors.first?.hasPrefix("frontend.yaml:") == true, "\(errors)")
        #expect(errors.first?.contains("user:dev-1, a member of group frontend") == true, "\(errors)")
        #expect(errors.first?.contains("allows only group:oncall, group:payments") == true, "\(errors)")
    }

    @Test func aGrantDocumentOverManyWorkspacesIsReportedOnceWithTheCount() {
        let result = load([
            "a.yaml": Self.payments("a", sharing: [:]), "b.yaml": Self.payments("b", sharing: [:]),
            "c.yaml": Self.payments("c", sharing: [:]),
            "g.yaml": Documents.grant(
                "vendors", workspaces: ["selector": ["team": "payments"]],
                spec: ["users": ["dev-1": ["role": "use", "expires": "2026-12-10"]]]),
        ])
        let errors = ruleErrors(result)
        #expect(errors.count == 1, "\(errors)")
        #expect(errors.first?.contains("`maria/a` (and 2 more)") == true, "\(errors)")
    }

    @Test func linksPortsAndTheEveryoneGroupAreChecked() {
        let result = load([
            "api.yaml": Self.payments(
                "api",
                sharing: ["link": "everyone", "ports": [["port": 8080, "level": "authenticated"]]])
        ])
        let errors = ruleErrors(result)
        #expect(errors.contains { $0.contains("`maria/api` is shared by link") }, "\(errors)")
        #expect(errors.contains { $0.contains("port 8080 of `maria/api` is shared at `authenticated`") })
        let everyone = load(["api.yaml": Self.payments("api", sharing: ["groups": ["Everyone": "use"]])])
        #expect(ruleErrors(everyone).contains { $0.contains("forbids link sharing") }, "\(ruleErrors(everyone))")
    }

    @Test func workspacesOutsideTheRuleAndSubjectsItDoesNotLimitAreFree() {
        let other = Documents.workspace("tools", owner: "jonas", spec: ["sharing": ["users": ["dev-1": "admin"]]])
        let result = load([
            "tools.yaml": other,
            "api.yaml": Self.payments("api", sharing: ["users": ["jonas": "admin"]]),
        ])
        #expect(ruleErrors(result).isEmpty, "\(ruleErrors(result))")
    }

    @Test func maxDurationCountsFromTheCommit() {
        let state = load([
            "api.yaml": Self.payments("api", sharing: ["users": ["dev-2": ["role": "use", "expires": "2027-01-20"]]])
        ]).state
        let committed = Timestamp.parse("2026-12-01T00:00:00Z")!
        let late = Validator(state: state, now: Self.now, grantedAt: committed).validate().filter { $0.rule != nil }
        #expect(late.count == 1 && late.first?.message.contains("lasts 50d") == true, "\(late)")
        let recent = Timestamp.parse("2026-12-25T00:00:00Z")!
        #expect(Validator(state: state, now: Self.now, grantedAt: recent).validate().allSatisfy { $0.rule == nil })
    }

    @Test func aRuleThatLimitsNothingOrNamesAnUndeclaredGroupIsSaid() {
        let empty: Node = [
            "apiVersion": "atrium/v1", "kind": "SharingRule", "metadata": ["name": "empty"],
            "spec": ["subjects": ["groups": ["vendors"]]],
        ]
        let result = load(["empty.yaml": empty])
        let messages = result.diagnostics.map(\.message)
        #expect(messages.contains("SharingRule `empty` limits nothing"), "\(messages)")
        #expect(messages.contains { $0.contains("names group `vendors`, which no Group document declares") })
    }

    @Test func accessNamesTheRulesThatBindEachGrant() {
        let state = load([
            "api.yaml": Self.payments(
                "api", sharing: ["users": ["dev-2": ["role": "use", "expires": "2026-12-20"], "jonas": "use"]])
        ]).state
        let review = AccessReview(
            state: state, revision: .init(name: "HEAD", commit: "c0ffee"), at: Self.now)
        let rows = Dictionary(review.rows.map { ($0.subject, $0.rules) }, uniquingKeysWith: { first, _ in first })
        #expect(rows["user:dev-2"] == ["payments-stays-in-payments"])
        #expect(rows["user:jonas"] == .some(nil), "jonas is no contractor: no rule binds his grant")
    }
}
