import AtriumGit
import AtriumOnboarding
import AtriumYAML
import Foundation

/// What `atrium --version` prints: the version, the commit it was built from, and the C
/// libraries it runs with. A release archive (`make dist`) carries the commit in
/// `share/atrium/COMMIT` beside `bin/`; a development build says so.
enum BuildInfo {
    static let version = "0.1.0"

    static var versionLine: String {
        let libraries =
            "libgit2 \(GitSource.libraryVersion), libyaml \(YAMLParser.libraryVersion), libqrencode "
            + "\(QRCode.libraryVersion)"
        return "\(version) (\(commit.map { "commit \($0)" } ?? "development build"); \(libraries))"
    }

    /// The commit recorded by `make dist`, read from beside the executable.
    static var commit: String? {
        guard let path = Bundle.main.executablePath else { return nil }
        let executable = URL(fileURLWithPath: path).resolvingSymlinksInPath()
        let file = executable.deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("share/atrium/COMMIT")
        guard let data = FileManager.default.contents(atPath: file.path) else { return nil }
        let text = String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        return text.isEmpty || text.count > 64 ? nil : text
    }
}
