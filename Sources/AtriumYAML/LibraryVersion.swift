internal import CLibYAML

extension YAMLParser {
    /// The libyaml this binary runs with (`0.2.5`).
    package static var libraryVersion: String {
        yaml_get_version_string().map { String(cString: $0) } ?? "unknown"
    }
}
