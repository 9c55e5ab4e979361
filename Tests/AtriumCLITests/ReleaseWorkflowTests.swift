import AtriumTestSupport
import Foundation
import Testing

/// What the README, action.yml and the CI examples download is what release.yml publishes: the
/// same repository, tag, archive names and `.sha256` beside each, for every architecture the
/// release builds; and the workflows are pinned and ask for the least they need.
@Suite struct ReleaseWorkflowTests {
    static func text(_ path: String) throws -> String {
        try String(contentsOf: CLI.packageRoot.appendingPathComponent(path), encoding: .utf8)
    }

    /// Every match of `pattern`'s first group in `text`.
    static func matches(_ pattern: String, in text: String) throws -> [String] {
        let expression = try NSRegularExpression(pattern: pattern)
        return expression.matches(in: text, range: NSRange(text.startIndex..., in: text)).compactMap {
            Range($0.range(at: 1), in: text).map { String(text[$0]) }
        }
    }

    @Test func whatIsDownloadedIsWhatTheReleasePublishes() throws {
        let release = try Self.text(".github/workflows/release.yml")
        let dist = try Self.text("scripts/dist.sh")
        // release.yml: a release per `v*` tag; each runner's archive and its .sha256 uploaded.
        #expect(release.contains("tags: [\"v*\"]"))
        #expect(release.contains("runner: [ubuntu-24.04, ubuntu-24.04-arm]"), "x86_64 and aarch64, natively")
        #expect(release.contains("ATRIUM_VERSION=\"${TAG#v}\""), "the version is the tag's")
        #expect(
            release.contains(
                "gh release upload \"$TAG\" --repo \"$GITHUB_REPOSITORY\" .build/dist/atrium-*.tar.gz "
                    + ".build/dist/atrium-*.tar.gz.sha256"))
        #expect(dist.contains("name=\"atrium-${version}-linux-${arch}\""))
        #expect(dist.contains("sha256sum \"$name.tar.gz\" > \"$name.tar.gz.sha256\""))
        let published = #"https://github\.com/([\w.-]+/[\w.-]+)/releases/download"#

        // Every place that downloads names one repository, and the archive as dist.sh names it.
        var repositories = Set<String>()
        // The action names none: it downloads from the repository it is used from (a fork changes nothing).
        let action = try Self.text("action.yml")
        #expect(try Self.matches(published, in: action).isEmpty, "action.yml names no repository")
        #expect(action.contains("ATRIUM_ACTION_REPOSITORY: ${{ github.action_repository }}"))
        for path in ["README.md", "examples/ci/github-actions.yml", "examples/ci/gitlab-ci.yml"] {
            let text = try Self.text(path)
            let named = try Self.matches(published, in: text)
            #expect(!named.isEmpty, "\(path) names where releases are published")
            repositories.formUnion(named)
            for archive in try Self.matches(#"(atrium-[^\s/'"]*\.tar\.gz)"#, in: text) {
                let pattern =
                    #"^atrium-(\$v|<version>|\$\{?ATRIUM_VERSION\}?|\d+\.\d+\.\d+)-linux-(x86_64|aarch64|<arch>)\.tar\.gz$"#
                #expect(archive.range(of: pattern, options: .regularExpression) != nil, "\(path): \(archive)")
            }
        }
        #expect(repositories.count == 1, "one repository: \(repositories)")
        let readme = try Self.text("README.md")
        #expect(readme.contains("/releases/download/v$v/$a{,.sha256}"), "the tag is v<version>, the .sha256 beside")
        let locate = try Self.text("scripts/action/locate.sh")
        #expect(
            locate.contains("url=\"${releases%/}/v${ATRIUM_VERSION}/atrium-${ATRIUM_VERSION}-linux-${arch}.tar.gz\""))
        #expect(locate.contains("releases=\"https://github.com/${ATRIUM_ACTION_REPOSITORY}/releases/download\""))
        // The Action the README uses is this repository's, at a release tag.
        let uses = try Self.matches(#"uses: ([\w.-]+/[\w.-]+)@v\d+\.\d+\.\d+"#, in: readme)
        #expect(!uses.isEmpty && Set(uses) == repositories, "\(uses) \(repositories)")
    }

    /// The action's first step, run as the runner runs it: with no `releases`, the archive comes
    /// from the release page of the repository the action is used from (a fork's, for a fork).
    @Test func theActionDownloadsFromTheRepositoryItIsUsedFrom() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("atrium-locate-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let output = folder.appendingPathComponent("output")
        let script = CLI.packageRoot.appendingPathComponent("scripts/action/locate.sh").path
        let environment = [
            "ATRIUM_VERSION": "1.2.3", "ATRIUM_RELEASES": "", "ATRIUM_ARCHIVE_URL": "",
            "ATRIUM_ACTION_REPOSITORY": "acme-fork/atrium", "GITHUB_OUTPUT": output.path,
            "RUNNER_TOOL_CACHE": folder.path,
        ]
        let located = try await ChildProcess.run(Command("bash", [script], in: folder, environment: environment))
        #expect(located.status == 0, "\(located.stderr)")
        let written = try String(contentsOf: output, encoding: .utf8)
        let arch = try await CLI.tool(["uname", "-m"], in: folder).trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(
            written.contains(
                "url=https://github.com/acme-fork/atrium/releases/download/v1.2.3/atrium-1.2.3-linux-\(arch).tar.gz"),
            "\(written)")
    }

    @Test func workflowsArePinnedAndAskForTheLeast() throws {
        for path in [".github/workflows/ci.yml", ".github/workflows/release.yml", "action.yml"] {
            let text = try Self.text(path)
            for reference in try Self.matches(#"uses: ([^\s#]+)"#, in: text) {
                #expect(
                    reference.range(of: #"@[0-9a-f]{40}$"#, options: .regularExpression) != nil,
                    "\(path): \(reference) is pinned by commit")
            }
            if path.hasPrefix(".github") {
                #expect(text.contains("\npermissions: {}\n"), "\(path): no permission unless a job asks")
                #expect(!text.contains("persist-credentials: true"))
            }
        }
    }
}
