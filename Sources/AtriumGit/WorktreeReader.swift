import AtriumCore
import AtriumYAML
import Foundation

/// Reads desired state from a working tree on disk, under the rules ``GitSource`` applies to
/// commits: YAML only, symlinks refused, 1 MiB at most, no LFS pointers; ignored files skipped.
/// Every file is listed and sized before any is read, so a tree over the totals is refused
/// without reading it.
struct WorktreeReader {
    let root: String
    let isIgnored: (String) -> Bool
    var files: [SourceFile] = []
    var refused: [Diagnostic] = []
    private var byteCount = 0
    /// The files to read once the whole tree is listed (relative paths).
    private var pending: [String] = []

    init(root: String, isIgnored: @escaping (String) -> Bool) {
        self.root = root.hasSuffix("/") ? String(root.dropLast()) : root
        self.isIgnored = isIgnored
    }

    mutating func read(prefix: String) throws(GitError) {
        let absolute = prefix.isEmpty ? root : "\(root)/\(prefix)"
        var info = stat()
        guard lstat(absolute, &info) == 0 else {
            throw GitError(
                .pathNotFound, "`\(prefix)` does not exist in the working tree",
                hint: "check --path; it is relative to the repository's root")
        }
        try visit(relative: prefix, info: info, explicitlyNamed: true)
        for relative in pending { try readFile(relative) }
        pending = []
    }

    private mutating func readFile(_ relative: String) throws(GitError) {
        let absolute = relative.isEmpty ? root : "\(root)/\(relative)"
        guard let data = FileManager.default.contents(atPath: absolute), data.count <= SourceLimits.fileBytes else {
            throw GitError(.unreadable, "cannot read `\(relative)` (or it grew while read)")
        }
        let file = SourceFile(path: relative, bytes: [UInt8](data))
        if let refusal = SourceFileRules.content(of: file) {
            refused.append(refusal)
            return
        }
        files.append(file)
    }

    private mutating func visit(relative: String, info: stat, explicitlyNamed: Bool) throws(GitError) {
        let absolute = relative.isEmpty ? root : "\(root)/\(relative)"
        switch info.st_mode & S_IFMT {
        case S_IFLNK:
            refused.append(SourceFileRules.symbolicLink(relative))
        case S_IFDIR:
            if !relative.isEmpty, FileManager.default.fileExists(atPath: "\(absolute)/.git") {
                refused.append(SourceFileRules.submodule(relative))
                return
            }
            let names: [String]
            do {
                names = try FileManager.default.contentsOfDirectory(atPath: absolute).sorted()
            } catch {
                throw GitError(.unreadable, "cannot list `\(relative)`: \(error.localizedDescription)")
            }
            for name in names where name != ".git" {
                let child = relative.isEmpty ? name : "\(relative)/\(name)"
                var childInfo = stat()
                guard lstat("\(root)/\(child)", &childInfo) == 0 else { continue }
                let isDirectory = childInfo.st_mode & S_IFMT == S_IFDIR
                if isIgnored(isDirectory ? child + "/" : child) { continue }
                if childInfo.st_mode & S_IFMT == S_IFREG, !SourceFile.isYAML(child) { continue }
                try visit(relative: child, info: childInfo, explicitlyNamed: false)
            }
        case S_IFREG:
            guard SourceFile.isYAML(relative) else {
                if explicitlyNamed {
                    refused.append(SourceFileRules.notYAML(relative))
                }
                return
            }
            if let refusal = SourceFileRules.size(Int(info.st_size), of: relative) {
                refused.append(refusal)
                return
            }
            byteCount += Int(info.st_size)
            try SourceFileRules.checkTotals(files: pending.count + 1, bytes: byteCount)
            pending.append(relative)
        default:
            if explicitlyNamed {
                refused.append(SourceFileRules.notRegular(relative))
            }
        }
    }
}
