import AtriumYAML
import Foundation
import Testing

@testable import AtriumCore

/// Factory links per dialect, exact URLs, and the encoding property.
@Suite struct FactoryRendererTests {
    /// The renderer reads no clock: Che's policies are judged at this instant.
    static let now = Timestamp.parse("2026-11-22T00:00:00Z")!

    func template(_ spec: String, inputs: String = "") throws -> FactoryTemplate {
        let text =
            "apiVersion: atrium/v1\nkind: FactoryTemplate\nmetadata: {name: t}\nspec:\n\(spec)\n"
            + (inputs.isEmpty ? "" : "  inputs:\n\(inputs)\n")
        var decoder = DocumentDecoder()
        for document in try YAMLParser.parse(Array(text.utf8), file: "t.yaml") { decoder.decode(document) }
        #expect(decoder.diagnostics.isEmpty, "\(decoder.diagnostics)")
        return try #require(decoder.state.factoryTemplates.first)
    }

    @Test func coder() throws {
        let t = try template(
            """
              dialect: coder
              baseURL: https://coder.example.com/
              template: python-dev
              workspaceName: "{{user}}-backend"
              parameters: {region: "{{region}}", size: large}
              mode: auto
              disableParams: [region]
            """, inputs: "    user: {required: true}\n    region: {default: eu-west}")
        #expect(
            try FactoryRenderer(t, now: FactoryRendererTests.now).render(["user": "alice"]).text
                == "https://coder.example.com/templates/default/python-dev/workspace?mode=auto&name=alice-backe"
                + "nd&param.region=eu-west&param.size=large&disable_params=region"
        )
    }

    /// Placeholders with any spacing inside their braces are substituted: validation accepts
    /// `{{  user }}`, so the link must not keep it literally.
    @Test func placeholdersWithAnySpacingAreSubstituted() throws {
        let t = try template(
            """
              dialect: coder
              baseURL: https://coder.example.com/
              template: python-dev
              workspaceName: "{{  user }}-{{user}}-{{ user	}}"
            """, inputs: "    user: {required: true}")
        let url = try FactoryRenderer(t, now: Self.now).render(["user": "ana"]).text
        #expect(
            url == "https://coder.example.com/templates/default/python-dev/workspace?mode=form&name=ana-ana-ana",
            "\(url)")
        #expect(!url.contains("%7B"), "no brace is left in the link")
        #expect(
            Placeholder.substitute("a{{   b  }}c{{ bad name }}", ["b": "B"]) == "aBc{{ bad name }}",
            "a malformed one stays for validation to report")
    }

    /// A coder template without `baseURL` links to the Config's server; without either, the
    /// error points at the template's name.
    @Test func coderTemplatesDefaultToTheConfigsServer() throws {
        let t = try template("  dialect: coder\n  template: python-dev", inputs: "")
        let url = try FactoryRenderer(t, now: Self.now, serverURL: "https://deploy:secret@coder.example.com/").render(
            [:]).text
        #expect(url == "https://coder.example.com/templates/default/python-dev/workspace?mode=form", "\(url)")
        do {
            _ = try FactoryRenderer(t, now: Self.now).render([:])
            Issue.record("rendered without a base URL")
        } catch {
            #expect(
                error.diagnostics.map(\.description) == [
                    "t.yaml:3:18: error: the baseURL field is required (add `baseURL:` to the spec, or set "
                        + "server.url in atrium.yaml)"
                ])
        }
    }

    @Test func che() throws {
        let t = try template(
            """
              dialect: che
              baseURL: https://che.example.com
              repository: https://github.com/acme/ledger/tree/{{branch}}
              new: true
              storageType: per-workspace
              editor: che-incubator/che-code/latest
              policiesCreate: peruser
              remotes: [{name: upstream, url: "https://github.com/acme/ledger"}]
              overrides: {metadata.generateName: ledger}
            """, inputs: "    branch: {default: main}")
        #expect(
            try FactoryRenderer(t, now: FactoryRendererTests.now).render([:]).text
                == "https://che.example.com/#https://github.com/acme/ledger/tree/main?new&che-editor=che-incuba"
                + "tor%2Fche-code%2Flatest&storageType=per-workspace&policies.create=peruser&remotes=%7B%7B"
                + "upstream%2Chttps%3A%2F%2Fgithub.com%2Facme%2Fledger%7D%7D&override.metadata.generate"
                + "Name=ledger"
        )
        let bad = try template(
            "  dialect: che\n  baseURL: https://che.example.com\n  repository: https://x/y\n  storageType: tmpfs")
        #expect(throws: DiagnosticError.self) { try FactoryRenderer(bad, now: FactoryRendererTests.now).render([:]) }
    }

    @Test func gitpod() throws {
        let t = try template(
            """
              dialect: gitpod
              baseURL: https://gitpod.example.com
              context: https://github.com/acme/docs
              env: {TEAM: "{{team}}", DEBUG: "1"}
              referrer: onboarding
              workspaceClass: g1-large
              autostart: "true"
            """, inputs: "    team: {default: platform}")
        #expect(
            try FactoryRenderer(t, now: FactoryRendererTests.now).render(["team": "a b"]).text
                == "https://gitpod.example.com/?workspaceClass=g1-large&autostart=true#referrer:onboarding/TEAM"
                + "=a%20b,DEBUG=1/https://github.com/acme/docs"
        )
        let blocked = try template(
            "  dialect: gitpod\n  baseURL: https://g\n  context: https://x/y\n  env: {LD_PRELOAD: evil}")
        do throws(DiagnosticError) {
            _ = try FactoryRenderer(blocked, now: FactoryRendererTests.now).render([:])
            Issue.record("LD_PRELOAD was accepted")
        } catch {
            #expect(error.diagnostics.first?.message == "Gitpod refuses to set `LD_PRELOAD` from a URL")
        }
    }

    @Test func inputErrorsCarryTheTemplatesLocation() throws {
        let t = try template(
            "  dialect: coder\n  baseURL: https://c\n  template: x\n  workspaceName: \"{{user}}\"",
            inputs: "    user: {required: true, pattern: \"[a-z]+\"}")
        do throws(DiagnosticError) {
            _ = try FactoryRenderer(t, now: FactoryRendererTests.now).render(["usr": "x"])
            Issue.record("rendered without a required input")
        } catch {
            #expect(
                error.diagnostics.map(\.description) == [
                    "t.yaml:3:18: error: FactoryTemplate `t` has no input `usr` (did you mean `user`?)",
                    "t.yaml:10:5: error: input `user` of `t` is required (pass --set user=VALUE)",
                ])
        }
        #expect(throws: DiagnosticError.self) {
            try FactoryRenderer(t, now: FactoryRendererTests.now).render(["user": "Alice"])
        }
    }

    /// For random inputs, parsing the generated URL gives back exactly the input values.
    @Test func noInputCanChangeTheURLsStructure() throws {
        let t = try template(
            """
              dialect: coder
              baseURL: https://coder.example.com
              template: python-dev
              workspaceName: "{{a}}"
              parameters: {p: "{{b}}"}
            """, inputs: "    a: {required: true}\n    b: {required: true}")
        var generator = SystemRandomNumberGenerator()
        let alphabet = Array("&#/?=% +;,:@aZ9é日🙂\"'<>[]{}|\\^`~\t")
        for _ in 0..<500 {
            // Force-unwrapped safely: the alphabet is not empty.
            let a = String(
                (0..<Int.random(in: 1...12, using: &generator)).map { _ in alphabet.randomElement(using: &generator)! })
            let b = String(
                (0..<Int.random(in: 0...12, using: &generator)).map { _ in alphabet.randomElement(using: &generator)! })
            let url = try FactoryRenderer(t, now: FactoryRendererTests.now).render(["a": a, "b": b]).text
            let components = try #require(URLComponents(string: url), "\(url)")
            #expect(components.host == "coder.example.com")
            #expect(components.path == "/templates/default/python-dev/workspace")
            #expect(components.fragment == nil)
            let items = components.queryItems ?? []
            #expect(items.map(\.name) == ["mode", "name", "param.p"])
            #expect(items.first { $0.name == "name" }?.value == a)
            #expect(items.first { $0.name == "param.p" }?.value == b)
        }
    }

    static func randomText(_ generator: inout SystemRandomNumberGenerator, minimum: Int = 1) -> String {
        let alphabet = Array("&#/?=% +;,:@aZ9é日🙂\"'<>[]{}|\\^`~")
        return String(
            (0..<Int.random(in: minimum...12, using: &generator)).map { _ in
                alphabet[Int.random(in: 0..<alphabet.count, using: &generator)]
            })
    }

    /// Che: the values in the fragment's query decode back to exactly the inputs.
    @Test func cheInputsCannotChangeTheStructure() throws {
        let t = try template(
            """
              dialect: che
              baseURL: https://che.example.com
              repository: https://github.com/acme/ledger
              devfilePath: "{{a}}"
              image: "{{b}}"
            """, inputs: "    a: {required: true}\n    b: {required: true}")
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<300 {
            let a = Self.randomText(&generator)
            let b = Self.randomText(&generator)
            let url = try FactoryRenderer(t, now: FactoryRendererTests.now).render(["a": a, "b": b]).text
            let fragment = try #require(url.split(separator: "#", maxSplits: 1).last.map(String.init))
            #expect(url.hasPrefix("https://che.example.com/#https://github.com/acme/ledger?"))
            let query = try #require(fragment.split(separator: "?", maxSplits: 1).last)
            let pairs = query.split(separator: "&").map {
                $0.split(separator: "=", maxSplits: 1).map { String($0).removingPercentEncoding ?? "" }
            }
            #expect(pairs.map { $0[0] } == ["devfilePath", "image"])
            #expect(pairs.map { $0[1] } == [a, b])
        }
    }

    /// Gitpod: environment values and the referrer decode back to exactly the inputs.
    @Test func gitpodInputsCannotChangeTheStructure() throws {
        let t = try template(
            """
              dialect: gitpod
              baseURL: https://gitpod.example.com
              context: https://github.com/acme/docs
              referrer: "{{r}}"
              env: {ONE: "{{a}}", TWO: "{{b}}"}
            """, inputs: "    r: {required: true}\n    a: {required: true}\n    b: {required: true}")
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<300 {
            let (r, a, b) = (Self.randomText(&generator), Self.randomText(&generator), Self.randomText(&generator))
            let url = try FactoryRenderer(t, now: FactoryRendererTests.now).render(["r": r, "a": a, "b": b]).text
            let fragment = try #require(url.split(separator: "#", maxSplits: 1).last.map(String.init))
            let segments = fragment.split(separator: "/", maxSplits: 2).map(String.init)
            #expect(segments.count == 3)
            #expect(segments[0].hasPrefix("referrer:"))
            #expect(String(segments[0].dropFirst("referrer:".count)).removingPercentEncoding == r)
            let variables = segments[1].split(separator: ",").map {
                $0.split(separator: "=", maxSplits: 1).map(String.init)
            }
            #expect(variables.map { $0[0] } == ["ONE", "TWO"])
            #expect(variables.map { $0[1].removingPercentEncoding ?? "" } == [a, b])
            #expect(segments[2] == "https://github.com/acme/docs", "the context URL is untouched")
        }
    }
}
