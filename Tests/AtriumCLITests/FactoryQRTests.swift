import AtriumTestSupport
import Foundation
import Testing

/// QR codes that decode back to their links (zbarimg), and the onboarding page rendered by a real
/// browser (headless Chromium) to a picture that is not blank and whose QR codes decode.
/// `make test` installs both from Debian's packages (zbar-tools, chromium).
@Suite struct FactoryQRTests {
    let repo: URL
    let base = ["factory", "--all", "--path", "examples/acme", "--values", "examples/onboarding/new-hires.yaml"]

    init() async throws {
        repo = try await CLI.examplesRepository()
    }

    /// Runs a tool from PATH (with the default deadline); fails the test plainly when it is not installed.
    func tool(_ arguments: [String]) async throws -> ProcessResult {
        guard ChildProcess.isInstalled(arguments[0]) else {
            throw ToolFailure(
                description: "`\(arguments[0])` is not installed (make test installs zbar-tools and chromium)")
        }
        return try await ChildProcess.run(Command(arguments[0], Array(arguments.dropFirst()), in: repo))
    }

    /// Every link of the batch, by `<person>-<template>.png`.
    func links() async throws -> [String: String] {
        let json = try await CLI.run(base + ["--format", "json"], in: repo)
        let people = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [[String: Any]])
        var result: [String: String] = [:]
        for person in people {
            let name = (person["values"] as? [String: String])?["user"] ?? "?"
            for link in person["links"] as? [[String: String]] ?? [] where link["link"]?.hasPrefix("http") == true {
                result["\(name)-\(link["template"] ?? "?").png"] = link["link"]
            }
        }
        return result
    }

    @Test func everyQRCodeDecodesBackToItsLink() async throws {
        let folder = repo.appendingPathComponent("qr")
        let result = try await CLI.run(base + ["--qr", folder.path], in: repo)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stderr.contains("wrote 9 QR codes to \(folder.path) (3 factory JSON links without one)"))
        let expected = try await links()
        #expect(expected.count == 9)
        let written = try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted()
        #expect(written == expected.keys.sorted())
        for (file, link) in expected {
            let decoded = try await tool(["zbarimg", "--raw", "-q", folder.appendingPathComponent(file).path])
            #expect(decoded.status == 0, "\(file): \(decoded.stderr)")
            #expect(decoded.stdout == link + "\n", "\(file)")
        }

        // One link without a batch: named after the template.
        let single = repo.appendingPathComponent("single")
        let one = try await CLI.run(
            ["factory", "onboarding-gitpod", "--path", "examples/acme", "--qr", single.path], in: repo)
        #expect(one.status == 0, "\(one.stderr)")
        let decoded = try await tool([
            "zbarimg", "--raw", "-q", single.appendingPathComponent("onboarding-gitpod.png").path,
        ])
        #expect(decoded.stdout == one.stdout)
    }

    @Test func theOnboardingPageRendersInARealBrowser() async throws {
        let page = try await CLI.run(
            base + ["--format", "html", "--qr", repo.appendingPathComponent("qr").path], in: repo)
        #expect(page.status == 0, "\(page.stderr)")
        #expect(page.stdout.components(separatedBy: "data:image/png;base64,").count == 10, "nine inline QR codes")
        let html = repo.appendingPathComponent("onboarding.html")
        try page.stdout.write(to: html, atomically: true, encoding: .utf8)
        let shot = repo.appendingPathComponent("onboarding.png")
        let profile = repo.appendingPathComponent("chromium-profile")
        let render = try await tool([
            "chromium", "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--hide-scrollbars",
            "--user-data-dir=\(profile.path)",
            "--window-size=1280,2000", "--screenshot=\(shot.path)", html.absoluteString,
        ])
        #expect(render.status == 0, "\(render.stderr)")
        #expect(FileManager.default.fileExists(atPath: shot.path), "\(render.stderr)")

        // Not blank: decode the PNG (python's zlib) and count the pixels that are not the background.
        let check = try await ChildProcess.run(Command("python3", ["-c", Self.pixelStatistics, shot.path], in: repo))
        #expect(check.status == 0, "\(check.stderr)")
        let numbers = check.stdout.split(separator: " ").compactMap {
            Double($0.trimmingCharacters(in: .whitespacesAndNewlines))
        }
        #expect(numbers.count == 3, "\(check.stdout)")
        if numbers.count == 3 {
            #expect(numbers[0] == 1280 && numbers[1] == 2000, "the window's size")
            #expect(numbers[2] > 0.03, "at least 3% of the page is drawn (text, tables, QR codes): \(numbers[2])")
        }

        // The browser drew the QR codes well enough for a phone's camera: each decodes to a link of the batch.
        let decoded = try await tool(["zbarimg", "--raw", "-q", shot.path])
        let found = decoded.stdout.split(separator: "\n").map(String.init)
        let expected = Set(try await links().values)
        #expect(found.count >= 3, "\(decoded.stdout)\(decoded.stderr)")
        #expect(found.allSatisfy { expected.contains($0) }, "\(found)")
        #expect(found.contains { $0.contains("name=ana-backend") })
    }

    /// Prints `width height fraction-of-non-white-pixels` of an 8-bit RGB(A) PNG, with only the
    /// standard library.
    static let pixelStatistics = #"""
        import sys, struct, zlib
        data = open(sys.argv[1], 'rb').read()
        assert data[:8] == b'\x89PNG\r\n\x1a\n', 'not a PNG'
        pos, idat = 8, b''
        while pos < len(data):
            length, kind = struct.unpack('>I4s', data[pos:pos + 8])
            body = data[pos + 8:pos + 8 + length]
            if kind == b'IHDR':
                width, height, depth, colour = struct.unpack('>IIBB', body[:10])
            elif kind == b'IDAT':
                idat += body
            pos += 12 + length
        assert depth == 8 and colour in (2, 6), (depth, colour)
        bpp = 3 if colour == 2 else 4
        raw = zlib.decompress(idat)
        stride = width * bpp
        previous = bytearray(stride)
        drawn = 0
        for y in range(height):
            kind = raw[y * (stride + 1)]
            line = bytearray(raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)])
            for i in range(stride):
                a = line[i - bpp] if i >= bpp else 0
                b = previous[i]
                c = previous[i - bpp] if i >= bpp else 0
                if kind == 1: line[i] = (line[i] + a) & 255
                elif kind == 2: line[i] = (line[i] + b) & 255
                elif kind == 3: line[i] = (line[i] + (a + b) // 2) & 255
                elif kind == 4:
                    p = a + b - c
                    pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                    line[i] = (line[i] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
            for x in range(0, stride, bpp):
                if line[x] < 240 or line[x + 1] < 240 or line[x + 2] < 240:
                    drawn += 1
            previous = line
        print(width, height, drawn / (width * height))
        """#
}

/// `factory` renders for the server the other commands talk to, and its markdown page stays a
/// table whatever the links are.
@Suite struct FactoryServerTests {
    @Test func linksFollowServerThenATRIUM_URLThenTheConfig() async throws {
        let repo = FileManager.default.temporaryDirectory.appendingPathComponent("atrium-factory-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: repo, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: repo) }
        try """
        apiVersion: atrium/v1
        kind: Config
        server: {url: "http://config.example"}
        ---
        apiVersion: atrium/v1
        kind: FactoryTemplate
        metadata: {name: start}
        spec:
          dialect: coder
          template: go-dev
          workspaceName: "{{user}}-dev"
          inputs: {user: {required: true}}
        """.write(to: repo.appendingPathComponent("atrium.yaml"), atomically: true, encoding: .utf8)
        try await CLI.tool(["git", "init", "-q", "-b", "main"], in: repo)
        try await CLI.tool(["git", "add", "-A"], in: repo)
        try await ChildProcess.tool(["git", "commit", "-q", "-m", "factory"], in: repo)
        let fromConfig = try await CLI.run(
            ["factory", "start", "--set", "user=ann"], in: repo, environment: ["ATRIUM_URL": ""])
        #expect(fromConfig.stdout.hasPrefix("http://config.example/"), "\(fromConfig.stdout)\(fromConfig.stderr)")
        let fromEnvironment = try await CLI.run(
            ["factory", "start", "--set", "user=ann"], in: repo, environment: ["ATRIUM_URL": "http://env.example"])
        #expect(
            fromEnvironment.stdout.hasPrefix("http://env.example/"),
            "\(fromEnvironment.stdout)\(fromEnvironment.stderr)")
        let fromFlag = try await CLI.run(
            ["factory", "start", "--set", "user=ann", "--server", "http://u:pw@flag.example"], in: repo,
            environment: ["ATRIUM_URL": "http://env.example"])
        #expect(fromFlag.stdout.hasPrefix("http://flag.example/"), "\(fromFlag.stdout)\(fromFlag.stderr)")
    }

    @Test func aCheFactoryJSONLinkDoesNotBreakTheMarkdownTable() async throws {
        let repo = try await CLI.examplesRepository()
        defer { try? FileManager.default.removeItem(at: repo) }
        let result = try await CLI.run(
            ["factory", "--all", "--path", "examples/acme", "--set", "user=ann", "--format", "markdown"], in: repo)
        #expect(result.status == 0, "\(result.stderr)")
        var inTable = false
        for line in result.stdout.split(separator: "\n", omittingEmptySubsequences: false) {
            if line.hasPrefix("| template |") { inTable = true } else if line.isEmpty { inTable = false }
            if inTable { #expect(line.hasPrefix("|") && line.hasSuffix("|"), "a table row: \(line)") }
        }
        #expect(
            result.stdout.contains(
                "| `legacy-codenvy` | The ledger workspace on the old Codenvy factory API. | factory JSON below |"),
            "\(result.stdout)")
        #expect(result.stdout.contains("```json\n{"), "\(result.stdout)")
    }
}
