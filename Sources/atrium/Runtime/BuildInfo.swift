import AtriumGit
import AtriumOnboarding
import AtriumYAML
import Foundation

/// What `atrium --version` prints: the version, the commit it was built from, and the C
/// libraries it runs with. A release archive (`make dist`) carries the commit and the version it
/// was built as (a tag's, in release.yml) in `share/atrium/COMMIT` and `VERSION` beside `bin/`; a
/// development build says so.
enum BuildInfo {
    /// The version of a build without an archive's `VERSION`.
    static let sourceVersion = "0.1.0"

    static var version: String { shared("VERSION").flatMap { $0.count <= 40 ? $0 : nil } ?? sourceVersion }

    static var versionLine: String {
        let libraries =
            "libgit2 \(GitSource.libraryVersion), libyaml \(YAMLParser.libraryVersion), libqrencode "
            + "\(QRCode.libraryVersion)"
        return "\(version) (\(commit.map { "commit \($0)" } ?? "development build"); \(libraries))"
    }

    /// The commit recorded by `make dist`, read from beside the executable.
    static var commit: String? { shared("COMMIT").flatMap { $0.count <= 64 ? $0 : nil } }

    /// One line of `share/atrium/NAME` beside the executable's `bin/`, if there is one.
    private static func shared(_ name: String) -> String? {
        guard let path = Bundle.main.executablePath else { return nil }
        let executable = URL(fileURLWithPath: path).resolvingSymlinksInPath()
        let file = executable.deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("share/atrium/\(name)")
        guard let data = FileManager.default.contents(atPath: file.path) else { return nil }
        let text = String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        return text.isEmpty || text.contains(where: \.isNewline) ? nil : text
    }
}
