internal import CLibGit2

extension GitSource {
    /// The libgit2 this binary runs with (`1.5.1`).
    package static var libraryVersion: String {
        var major: Int32 = 0
        var minor: Int32 = 0
        var revision: Int32 = 0
        git_libgit2_version(&major, &minor, &revision)
        return "\(major).\(minor).\(revision)"
    }
}
