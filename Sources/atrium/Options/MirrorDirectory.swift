import AtriumCore
import Foundation

/// Where the controller keeps its mirror by default: one folder per remote and branch.
enum MirrorDirectory {
    static func `default`(for url: String, branch: String) -> String {
        let base =
            ProcessInfo.processInfo.environment["XDG_CACHE_HOME"].flatMap { $0.isEmpty ? nil : $0 }
            ?? (NSHomeDirectory() as NSString).appendingPathComponent(".cache")
        return "\(base)/atrium/mirrors/\(Hex.sha256("\(url)#\(branch)").prefix(16))"
    }
}
