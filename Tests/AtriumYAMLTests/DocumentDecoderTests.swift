import AtriumTestSupport
import AtriumYAML
import Foundation
import Testing

@testable import AtriumCore

/// Decoding documents read by the real YAML reader: what each finding says and where in the text (the
/// model each kind decodes to, on documents built in Swift, is in AtriumCoreTests).
@Suite struct DocumentDecoderTests {
    static let issueExample = """
        apiVersion: atrium/v1
        kind: Config
        server: {url: http://127.0.0.1:7080, organization: default, tokenEnv: ATRIUM_TOKEN}
        scope: declared
        policy:
          sharing: everyone
          maxRole: admin
          link: allowed
          requireExpiry: false
        ---
        apiVersion: atrium/v1
        kind: Workspace
        metadata: {name: payments-staging, owner: sre-oncall, labels: {team: payments}}
        spec:
          template: python-dev
          parameters: {region: eu-west}
          sharing:
            users:  {qa-lead: use, release-bot: {role: admin, expires: 2026-12-31T18:00:00Z}}
            groups: {qa: use}
            link: owner
          snapshots: [{name: before-migration}]
        ---
        apiVersion: atrium/v1
        kind: Grant
        metadata: {name: oncall-admin}
        spec:
          workspaces: {selector: {team: payments}}
          groups: {oncall: admin}
          expires: 2027-01-31T00:00:00Z
        ---
        apiVersion: atrium/v1
        kind: FactoryTemplate
        metadata: {name: onboarding-backend}
        spec: {dialect: coder, template: python-dev, workspaceName: "{{user}}-backend",
               parameters: {region: "{{region}}"}, inputs: {user: {required: true}, region: {default: eu-west}}}
        """

    func decode(_ text: String, file: String = "state.yaml") throws -> (DesiredState, [Diagnostic]) {
        var decoder = DocumentDecoder()
        for document in try YAMLParser.parse(Array(text.utf8), file: file) { decoder.decode(document) }
        return (decoder.state, decoder.diagnostics)
    }

    @Test func decodesTheIssueExample() throws {
        let (state, diagnostics) = try decode(Self.issueExample)
        #expect(diagnostics.isEmpty, "\(diagnostics)")
        #expect(state.config.server.url == "http://127.0.0.1:7080")
        #expect(state.config.scope == .declared)
        #expect(state.config.policy.maxRole == .admin)

        let workspace = try #require(state.workspaces.first)
        #expect(workspace.id == WorkspaceID(owner: "sre-oncall", name: "payments-staging"))
        #expect(workspace.labels == ["team": "payments"])
        #expect(workspace.parameters == ["region": "eu-west"])
        #expect(workspace.link == .owner)
        #expect(workspace.snapshots.map(\.name) == ["before-migration"])
        let grants = workspace.grants.map { "\($0.subject)=\($0.role.rawValue)" }
        #expect(grants == ["user:qa-lead=use", "user:release-bot=admin", "group:qa=use"])
        let bot = try #require(workspace.grants.first { $0.subject == .user("release-bot") })
        #expect(bot.expires == Timestamp.parse("2026-12-31T18:00:00Z"))
        #expect(bot.location == SourceLocation(file: "state.yaml", line: 18, column: 28))
        #expect(bot.roleLocation == SourceLocation(file: "state.yaml", line: 18, column: 48))

        let grant = try #require(state.grants.first)
        #expect(grant.name == "oncall-admin")
        #expect(grant.grants.first?.expires == Timestamp.parse("2027-01-31T00:00:00Z"))
        #expect(grant.selects(workspace))

        let template = try #require(state.factoryTemplates.first)
        #expect(template.dialect == .coder)
        #expect(template.inputs.map(\.name) == ["user", "region"])
        #expect(template.serverTemplate?.name == "python-dev")
    }

    @Test func unknownFieldsSuggestTheClosestName() throws {
        let (_, diagnostics) = try decode(workspaceYAML("api", extra: "  sharng: {users: {bob: use}}"))
        let diagnostic = try #require(diagnostics.first)
        #expect(diagnostic.message == "unknown field `sharng` in Workspace spec")
        #expect(diagnostic.hint == "did you mean `sharing`?")
        #expect(diagnostic.location == SourceLocation(file: "state.yaml", line: 6, column: 3))
    }

    @Test func unknownFieldsWithoutACloseNameListTheAllowedOnes() throws {
        let (_, diagnostics) = try decode(workspaceYAML("api", extra: "  colour: blue"))
        #expect(
            diagnostics.first?.hint
                == "Workspace spec accepts: template, parameters, sharing, snapshots, approvers, reviewers")
    }

    @Test func reportsEveryProblemOfADocumentInOneRun() throws {
        let text = """
            apiVersion: atrium/v1
            kind: Workspace
            metadata: {name: Bad_Name, owner: alice, colour: red}
            spec:
              template: go-dev
              sharing:
                users: {bob: owner, carol: {role: use, expires: soon}}
                groups: {qa: [use]}
                link: public
            """
        let (state, diagnostics) = try decode(text)
        #expect(state.workspaces.isEmpty)
        let lines = diagnostics.map { "\($0.location!.line):\($0.location!.column) \($0.message)" }
        #expect(
            lines == [
                "3:42 unknown field `colour` in Workspace metadata",
                "3:18 workspace name `Bad_Name` may contain only letters, digits and hyphens",
                "7:18 unknown role `owner`",
                "7:53 expires `soon` is not a timestamp",
                "8:18 role must be a string, not a list",
                "9:11 unknown link level `public`",
            ])
    }

    @Test func apiVersionAndKindAreRequired() throws {
        #expect(try decode("kind: Workspace\n").1.first?.message == "missing field `apiVersion`")
        #expect(try decode("apiVersion: atrium/v1\n").1.first?.message == "missing field `kind`")
        #expect(try decode("apiVersion: v1\nkind: Workspace\n").1.first?.message == "unsupported apiVersion `v1`")
        #expect(try decode("- a\n").1.first?.message == "a document must be a mapping, not a list")
    }

    @Test func stringsMustNotBeBooleansOrNull() throws {
        let (_, diagnostics) = try decode(
            workspaceYAML("api", extra: "  parameters: {flag: true, count: 3, missing: null}"))
        #expect(diagnostics.map(\.message) == ["parameter `missing` must be a string, not null"])
        let (_, owners) = try decode(
            "apiVersion: atrium/v1\nkind: Workspace\nmetadata: {name: api, owner: yes}\nspec: {template: go-dev}\n")
        #expect(owners.isEmpty, "yes is a string under YAML 1.2's core schema")
        let (_, bools) = try decode(
            "apiVersion: atrium/v1\nkind: Workspace\nmetadata: {name: api, owner: true}\nspec: {template: go-dev}\n")
        #expect(bools.first?.message == "owner must be a string, not a boolean")
        #expect(bools.first?.hint == "quote it: \"true\"")
    }

    @Test func grantLevelExpiryAppliesUnlessASubjectSetsItsOwn() throws {
        let text = """
            apiVersion: atrium/v1
            kind: Grant
            metadata: {name: contractors}
            spec:
              workspaces: {names: [alice/api]}
              users: {bob: use, carol: {role: use, expires: 2027-06-01}}
              expires: 2027-01-01
            """
        let (state, diagnostics) = try decode(text)
        #expect(diagnostics.isEmpty)
        let grants = try #require(state.grants.first).grants
        #expect(grants.map(\.expires) == [Timestamp.parse("2027-01-01"), Timestamp.parse("2027-06-01")])
    }

    @Test func grantSelection() throws {
        let both =
            "apiVersion: atrium/v1\nkind: Grant\nmetadata: {name: g}\nspec:\n  workspaces: {selector: {a: b}, "
            + "names: [x/y]}\n  users: {bob: use}\n"
        #expect(try decode(both).1.first?.message == "Grant workspaces has both `selector` and `names`")
        let empty =
            "apiVersion: atrium/v1\nkind: Grant\nmetadata: {name: g}\nspec:\n  workspaces: {selector: {}}\n  "
            + "users: {bob: use}\n"
        #expect(try decode(empty).1.first?.message == "an empty selector would select every workspace")
        let badName =
            "apiVersion: atrium/v1\nkind: Grant\nmetadata: {name: g}\nspec:\n  workspaces: {names: [alice]}\n  "
            + "users: {bob: use}\n"
        #expect(try decode(badName).1.first?.message == "`alice` is not `owner/name`")
        let nobody = "apiVersion: atrium/v1\nkind: Grant\nmetadata: {name: g}\nspec:\n  workspaces: {names: [a/b]}\n"
        #expect(try decode(nobody).1.first?.message == "the Grant gives nothing to anyone")
    }

    @Test func configScopeAndServer() throws {
        let text = """
            apiVersion: atrium/v1
            kind: Config
            server: {url: "ftp://x", tokenEnv: "1BAD", token: abc}
            scope: {owners: [alice], templates: [go-dev]}
            prune: {grants: false}
            """
        let (state, diagnostics) = try decode(text)
        #expect(state.config.scope == .filter(owners: ["alice"], templates: ["go-dev"]))
        #expect(state.config.pruneGrants == false)
        #expect(
            diagnostics.map(\.message) == [
                "unknown field `token` in server",
                "server.url `ftp://x` is not an http or https URL",
                "server.tokenEnv `1BAD` must start with a letter or `_`",
            ])
        #expect(diagnostics.first?.hint?.contains("tokens never go in git") == true)
        #expect(!diagnostics.map(\.description).joined().contains("abc"), "the token's value is never echoed")
    }

    @Test func aSecondConfigIsAnError() throws {
        let config = "apiVersion: atrium/v1\nkind: Config\n"
        let (_, diagnostics) = try decode(config + "---\n" + config)
        #expect(diagnostics.first?.message.hasPrefix("a second Config document") == true)
    }

    @Test func factoryTemplatePlaceholdersAndInputs() throws {
        let text = """
            apiVersion: atrium/v1
            kind: FactoryTemplate
            metadata: {name: t}
            spec:
              dialect: coder
              template: go-dev
              workspaceName: "{{ user }}-{{usr}}-{{region}}-{{broken"
              inputs:
                user: {required: true, pattern: "[a-z]+"}
                region: {}
                zone: {default: "EU", pattern: "[a-z]+"}
                bad: {pattern: "("}
            """
        let (_, diagnostics) = try decode(text)
        #expect(
            diagnostics.map(\.message).sorted() == [
                "input `region` is used but has no default and is not required",
                "pattern `(` is not a valid regular expression",
                "the default `EU` of input `zone` does not match its pattern `[a-z]+`",
                "unknown placeholder `{{usr}}`",
                "unterminated placeholder at character 31 of `{{ user }}-{{usr}}-{{region}}-{{broken`",
            ])
    }

    @Test func factoryTemplateFieldsDependOnTheDialect() throws {
        let text =
            "apiVersion: atrium/v1\nkind: FactoryTemplate\nmetadata: {name: t}\nspec: {dialect: gitpod, "
            + "template: go-dev}\n"
        let (_, diagnostics) = try decode(text)
        #expect(diagnostics.first?.message == "unknown field `template` in gitpod FactoryTemplate spec")
        let unknown = "apiVersion: atrium/v1\nkind: FactoryTemplate\nmetadata: {name: t}\nspec: {dialect: codr}\n"
        #expect(try decode(unknown).1.first?.hint == "did you mean `coder`?")
    }
}
