import AtriumCore
import AtriumYAML
import Foundation
import Testing

/// The Grant `atrium request` writes reads back, through libyaml and the decoder, as exactly
/// what was asked, whatever text the reason or requester holds; and the pull-request page is
/// found for GitHub and GitLab remotes of every URL form.
@Suite struct RequestDocumentTests {
    static let now = Timestamp.parse("2026-12-06T19:05:30Z")!

    func decoded(_ document: RequestDocument) -> (Grant?, [Diagnostic]) {
        let file = SourceFile(path: document.path, bytes: Array(document.yaml.utf8))
        let workspace = SourceFile(
            path: "api.yaml",
            bytes: Array(
                "apiVersion: atrium/v1\nkind: Workspace\nmetadata: {name: api, owner: maria}\nspec: {template: go}\n"
                    .utf8))
        let snapshot = SourceSnapshot(commit: "c0ffee", isWorktree: false, files: [workspace, file], refused: [])
        let result = DesiredStateLoader.load(snapshot, now: Self.now)
        return (result.state.grants.first, result.diagnostics)
    }

    @Test(arguments: [
        "INC-4711", "quote \" backslash \\ colon: x # not a comment", "- [a, b]: {c}", "::error::owned", "'single'",
        "ünïcødé ✓", "&anchor *alias !tag %directive @at `tick`",
    ])
    func whateverTheReasonSaysItReadsBackAsWritten(reason: String) throws {
        let document = RequestDocument(
            subject: .user("dev-1"), target: .workspace(WorkspaceID(owner: "maria", name: "api")), role: .use,
            duration: .seconds(8 * 3600), text: "8h", requester: "Maria \"M\" García", reason: reason, at: Self.now)
        let (grant, diagnostics) = decoded(document)
        #expect(diagnostics.filter { $0.severity == .error }.isEmpty, "\(diagnostics)\n\(document.yaml)")
        let request = try #require(grant?.request)
        #expect(request.reason == reason)
        #expect(request.requester == "Maria \"M\" García")
        #expect(request.duration == "8h")
        #expect(request.requestedAt == Timestamp.parse("2026-12-06T19:05:30Z"))
        #expect(grant?.grants.first?.expires == Timestamp.parse("2026-12-07T03:05:30Z"))
        #expect(grant?.grants.first?.subject == .user("dev-1"))
        #expect(document.path == "requests/workspaces/maria/api/user-dev-1-20261206T190530Z.yaml")
        #expect(document.branch == "request/dev-1/maria-api-20261206T190530Z")
    }

    /// A template-access request and a membership request are added to the declared template ACL
    /// and group, each entry at the request's own place; without a declared one, each is refused.
    @Test func templateAndMembershipRequestsJoinWhatGitDeclares() throws {
        func request(_ target: RequestDocument.Target, role: Role = .use) -> RequestDocument {
            RequestDocument(
                subject: .user("dev-1"), target: target, role: role, duration: .seconds(3600), text: "1h",
                requester: "maria", reason: "INC-4711", at: Self.now)
        }
        let template = request(.template("go-dev"))
        let membership = request(.group("qa"))
        #expect(template.path == "requests/templates/go-dev/user-dev-1-20261206T190530Z.yaml")
        #expect(membership.branch == "request/dev-1/group-qa-20261206T190530Z")
        #expect(membership.summary == "user:dev-1 joins group qa")
        let declared = SourceFile(
            path: "identity.yaml",
            bytes: Array(
                ("apiVersion: atrium/v1\nkind: TemplateAccess\nmetadata: {name: go-dev}\n"
                    + "spec: {users: {maria: admin}}\n"
                    + "---\napiVersion: atrium/v1\nkind: Group\nmetadata: {name: qa}\nspec: {members: [maria]}\n").utf8)
        )
        let files = [template, membership].map { SourceFile(path: $0.path, bytes: Array($0.yaml.utf8)) }
        let result = DesiredStateLoader.load(
            SourceSnapshot(commit: "c0ffee", isWorktree: false, files: [declared] + files, refused: []), now: Self.now)
        #expect(result.isValid, "\(result.diagnostics)")
        let grant = try #require(result.state.templateAccess.first?.grants.first { $0.subject == .user("dev-1") })
        #expect(grant.role == .use && grant.expires == Timestamp.parse("2026-12-06T20:05:30Z"))
        #expect(grant.location.file == template.path)
        let member = try #require(result.state.groups.first?.members?.first { $0.user == "dev-1" })
        #expect(member.expires == Timestamp.parse("2026-12-06T20:05:30Z") && member.location.file == membership.path)

        let alone = DesiredStateLoader.load(
            SourceSnapshot(commit: "c0ffee", isWorktree: false, files: files, refused: []), now: Self.now)
        let errors = alone.diagnostics.filter { $0.severity == .error }.map(\.message)
        #expect(
            errors.contains("the access to template `go-dev` is not declared in git, so nothing can be added to it"))
        #expect(errors.contains { $0.hasPrefix("group `qa` is not declared in git with its members") }, "\(errors)")
    }

    @Test func aReasonOnMoreThanOneLineIsRefused() {
        #expect(RequestDocument.reasonProblem("one\ntwo") != nil)
        #expect(RequestDocument.reasonProblem("  ") != nil)
        #expect(RequestDocument.reasonProblem("INC-4711") == nil)
    }

    @Test(arguments: [
        ("git@github.com:acme/access.git", "https://github.com/acme/access/compare/main...request/x?expand=1"),
        ("https://github.com/acme/access", "https://github.com/acme/access/compare/main...request/x?expand=1"),
        ("ssh://git@github.com/acme/access.git", "https://github.com/acme/access/compare/main...request/x?expand=1"),
        (
            "https://oauth2@gitlab.com/acme/platform/access.git",
            "https://gitlab.com/acme/platform/access/-/merge_requests/new?merge_request%5Bsource_branch%5D=request/x"
                + "&merge_request%5Btarget_branch%5D=main"
        ),
    ])
    func thePullRequestPageIsFoundForGitHubAndGitLab(remote: String, expected: String) {
        let url = PullRequestURL.make(remote: remote, base: "main", branch: "request/x")
        #expect(
            url?.absoluteString.replacingOccurrences(of: "[", with: "%5B").replacingOccurrences(
                of: "]", with: "%5D") == expected)
    }

    @Test func otherHostsHaveNoPage() {
        #expect(PullRequestURL.make(remote: "file:///srv/git/access.git", base: "main", branch: "x") == nil)
        #expect(PullRequestURL.make(remote: "https://git.example.com/access.git", base: "main", branch: "x") == nil)
    }
}
