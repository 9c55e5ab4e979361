import AtriumTestSupport
import Foundation
import Testing

/// `atrium access --format html` for a repository of 200 workspaces, opened in headless
/// Chromium: its script runs without a console error, the screenshot is not blank, and every
/// cell of the matrix is a row of `access --format json`, and every row a cell.
@Suite struct AccessPageTests {
    static func repository() async throws -> URL {
        let repo = FileManager.default.temporaryDirectory.appendingPathComponent("atrium-page-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: repo, withIntermediateDirectories: true)
        _ = try await CLI.tool(["git", "init", "-q", "-b", "main"], in: repo)
        var text = "apiVersion: atrium/v1\nkind: Group\nmetadata: {name: qa}\nspec: {members: [ines, jonas]}\n"
        for index in 0..<200 {
            let owner = "owner\(index % 20)"
            let users = "user\(index % 7): use, lead\(index % 3): {role: admin, expires: 2027-0\(1 + index % 9)-15}"
            text += """
                ---
                apiVersion: atrium/v1
                kind: Workspace
                metadata: {name: ws-\(index), owner: \(owner), labels: {team: t\(index % 5)}}
                spec:
                  template: go-dev
                  sharing: {users: {\(users)}, groups: {qa: use}\(index % 50 == 0 ? ", link: everyone" : "")}

                """
        }
        try text.write(to: repo.appendingPathComponent("all.yaml"), atomically: true, encoding: .utf8)
        // A file name is text from outside: the page shows it (on hover) as text, never as markup.
        let grant =
            "apiVersion: atrium/v1\nkind: Grant\nmetadata: {name: t0-oncall}\n"
            + "spec: {workspaces: {selector: {team: t0}}, users: {mallory: use}}\n"
        try grant.write(to: repo.appendingPathComponent("on<i>call.yaml"), atomically: true, encoding: .utf8)
        _ = try await CLI.tool(["git", "add", "-A"], in: repo)
        _ = try await CLI.tool(["git", "commit", "-q", "-m", "two hundred workspaces"], in: repo)
        return repo
    }

    /// The cells of a page, as `subject|workspace|role` lines, from the DOM Chromium built.
    static let cells = #"""
        import html.parser, sys
        class Cells(html.parser.HTMLParser):
            subject, found, ready = None, [], None
            def handle_starttag(self, tag, attrs):
                attrs = dict(attrs)
                if tag == "body": self.ready = attrs.get("data-ready")
                if tag == "tr" and "data-subject" in attrs: self.subject = attrs["data-subject"]
                if tag == "td" and "data-role" in attrs:
                    self.found.append("%s|%s|%s" % (self.subject, attrs["data-workspace"], attrs["data-role"]))
        parser = Cells()
        parser.feed(open(sys.argv[1]).read())
        print("ready=%s" % parser.ready)
        print("\n".join(sorted(parser.found)))
        """#

    @Test func thePageHoldsWhatTheJSONHoldsAndRendersInChromium() async throws {
        guard ChildProcess.isInstalled("chromium") else {
            throw ToolFailure(description: "`chromium` is not installed (make test installs it)")
        }
        let repo = try await Self.repository()
        defer { try? FileManager.default.removeItem(at: repo) }
        let at: [String] = []
        let page = try await CLI.run(["access", "--format", "html"] + at, in: repo)
        #expect(page.status == 0, "\(page.stderr)")
        #expect(!page.stdout.contains("on<i>call.yaml"), "text from git is escaped")
        #expect(page.stdout.contains("on&lt;i&gt;call.yaml"))
        let json = try await CLI.run(["access", "--format", "json"] + at, in: repo)
        let review = try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any]
        let rows = (review?["rows"] as? [[String: Any]] ?? []).map {
            "\($0["subject"] as? String ?? "")|\($0["workspace"] as? String ?? "")|\($0["role"] as? String ?? "")"
        }
        #expect(rows.count > 800, "\(rows.count)")

        let file = repo.appendingPathComponent("access.html")
        try page.stdout.write(to: file, atomically: true, encoding: .utf8)
        let chromium = [
            "chromium", "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--hide-scrollbars",
            "--user-data-dir=\(repo.appendingPathComponent("profile").path)", "--enable-logging=stderr", "--v=0",
        ]
        let dom = try await ChildProcess.run(
            Command(chromium[0], Array(chromium.dropFirst()) + ["--dump-dom", file.absoluteString], in: repo))
        #expect(dom.status == 0, "\(dom.stderr)")
        #expect(!dom.stderr.contains("CONSOLE"), "no console message: \(dom.stderr)")
        let domFile = repo.appendingPathComponent("dom.html")
        try dom.stdout.write(to: domFile, atomically: true, encoding: .utf8)
        let parsed = try await CLI.tool(["python3", "-c", Self.cells, domFile.path], in: repo)
        let lines = parsed.split(separator: "\n").map(String.init)
        #expect(lines.first == "ready=yes", "the page's script ran")
        #expect(Set(lines.dropFirst()) == Set(rows), "the matrix holds exactly the JSON's rows")

        let shot = repo.appendingPathComponent("access.png")
        let render = try await ChildProcess.run(
            Command(
                chromium[0],
                Array(chromium.dropFirst()) + [
                    "--window-size=1400,1000", "--screenshot=\(shot.path)", file.absoluteString,
                ],
                in: repo))
        #expect(render.status == 0, "\(render.stderr)")
        let stats = try await ChildProcess.run(
            Command("python3", ["-c", FactoryQRTests.pixelStatistics, shot.path], in: repo))
        #expect(stats.status == 0, "\(stats.stderr)")
        let numbers = stats.stdout.split(separator: " ").compactMap {
            Double($0.trimmingCharacters(in: .whitespacesAndNewlines))
        }
        #expect(numbers.count == 3 && numbers[2] > 0.1, "the matrix is drawn (coloured cells): \(stats.stdout)")
    }
}
