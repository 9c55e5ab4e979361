import AtriumTestSupport
import Foundation
import Testing

/// The release archive (`make dist`) and what is built from it. These run when an archive has
/// been made (`make dist`, or `make dist-test` for the bare-Debian run) and say so otherwise.
@Suite struct DistArchiveTests {
    static var archive: URL? {
        let folder = CLI.packageRoot.appendingPathComponent(".build/dist")
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        return names.first { $0.hasPrefix("atrium-") && $0.hasSuffix(".tar.gz") }.map {
            folder.appendingPathComponent($0)
        }
    }

    /// What the Dockerfile's runtime stage copies exists in the archive, laid out as it expects:
    /// one folder `atrium-<version>/` with `bin/atrium` and `lib/`; the image runs as a non-root
    /// user with `atrium` as its entry point, built by the same script as the archive.
    @Test func theDockerfileCopiesWhatTheArchiveHolds() async throws {
        let dockerfile = try String(contentsOf: CLI.packageRoot.appendingPathComponent("Dockerfile"), encoding: .utf8)
        #expect(dockerfile.contains("RUN ATRIUM_VERSION=\"${ATRIUM_VERSION}\" scripts/dist.sh"))
        #expect(
            FileManager.default.isExecutableFile(atPath: CLI.packageRoot.appendingPathComponent("scripts/dist.sh").path)
        )
        #expect(dockerfile.contains("COPY --from=build /out/atrium /opt/atrium"))
        #expect(dockerfile.contains("FROM debian:bookworm-slim") && dockerfile.contains("USER 10001"))
        #expect(dockerfile.contains("--uid 10001"), "the user the image runs as, by number")
        // The CA roots, so that https:// servers and remotes can be verified, and nothing else.
        #expect(dockerfile.contains("install -y -qq --no-install-recommends ca-certificates \\"))
        #expect(dockerfile.contains(#"ENTRYPOINT ["atrium"]"#) && dockerfile.contains("EXPOSE 9090"))
        guard let archive = Self.archive else {
            print("skip: no release archive in .build/dist (make dist makes one); the archive's layout is not checked")
            return
        }
        let listing = try await CLI.tool(["tar", "-tzf", archive.path], in: CLI.packageRoot).split(separator: "\n")
        let tops = Set(listing.compactMap { $0.split(separator: "/").first.map(String.init) })
        #expect(tops.count == 1 && tops.first?.hasPrefix("atrium-") == true, "one top folder: \(tops)")
        #expect(listing.contains { $0.hasSuffix("/bin/atrium") })
        #expect(listing.contains { $0.contains("/lib/libgit2.so") })
        #expect(listing.contains { $0.hasSuffix("/share/atrium/COMMIT") })
        let size = try FileManager.default.attributesOfItem(atPath: archive.path)[.size] as? Int ?? 0
        #expect(size < 80 << 20, "under 80 MiB: \(size) bytes")
    }

    /// The archive on a minimal Debian root where nothing is installed (scripts/test-dist-chroot.sh).
    @Test func theArchiveRunsOnABareDebian() async throws {
        guard let archive = Self.archive else {
            print("skip: no release archive in .build/dist (make dist-test makes one and runs this)")
            return
        }
        var command = Command("scripts/test-dist-chroot.sh", [archive.path], in: CLI.packageRoot)
        command.executable = CLI.packageRoot.appendingPathComponent("scripts/test-dist-chroot.sh").path
        command.deadline = .seconds(900)
        command.environment["ATRIUM_HOST_BIN"] = CLI.executable.path
        let result = try await ChildProcess.run(command)
        if result.stdout.hasPrefix("skip:") {
            print(result.stdout)
            return
        }
        #expect(result.status == 0, "\(result.stdout.suffix(2000))\n\(result.stderr.suffix(2000))")
        #expect(result.stdout.contains("ok: the archive runs on a bare Debian"))
    }
}
