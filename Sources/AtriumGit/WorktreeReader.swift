import AtriumCore
import AtriumYAML
import Foundation

/// Reads desired state from a working tree on disk, under the rules ``GitSource`` applies to
/// commits: YAML only, symlinks refused, 1 MiB at most, no LFS pointers; ignored files skipped.
struct WorktreeReader {
    let root: String
    let isIgnored: (String) -> Bool
    var files: [SourceFile] = []
    var refused: [Diagnostic] = []

    init(root: String, isIgnored: @escaping (String) -> Bool) {
        self.root = root.hasSuffix("/") ? String(root.dropLast()) : root
        self.isIgnored = isIgnored
    }

    mutating func read(prefix: String) throws(GitError) {
        let absolute = prefix.isEmpty ? root : "\(root)/\(prefix)"
        var info = stat()
        guard lstat(absolute, &info) == 0 else {
            throw GitError(.pathNotFound, "`\(prefix)` does not exist in the working tree", hint: "check --path; it is relative to the repository's root")
        }
        try visit(relative: prefix, info: info, explicitlyNamed: true)
    }

    private mutating func visit(relative: String, info: stat, explicitlyNamed: Bool) throws(GitError) {
        let absolute = relative.isEmpty ? root : "\(root)/\(relative)"
        switch info.st_mode & S_IFMT {
        case S_IFLNK:
            refused.append(.error(at: .file(relative), "symbolic links are refused", hint: "a link could point outside the repository; commit the file itself"))
        case S_IFDIR:
            if !relative.isEmpty, FileManager.default.fileExists(atPath: "\(absolute)/.git") {
                refused.append(.error(at: .file(relative), "submodules are refused", hint: "Atrium reads one repository; copy the desired state into it"))
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
                    refused.append(.error(at: .file(relative), "only .yaml and .yml files hold desired state", hint: "rename it or point --path at a folder"))
                }
                return
            }
            if Int(info.st_size) > SourceFile.maxSize {
                refused.append(.error(at: .file(relative), "the file is \(info.st_size) bytes, more than the 1 MiB limit", hint: "split it into several files"))
                return
            }
            guard let data = FileManager.default.contents(atPath: absolute) else {
                throw GitError(.unreadable, "cannot read `\(relative)`")
            }
            let file = SourceFile(path: relative, bytes: [UInt8](data))
            if file.isLFSPointer {
                refused.append(.error(at: .file(relative), "the file is a Git LFS pointer, not its content", hint: "run git lfs pull, or stop tracking YAML with LFS"))
                return
            }
            files.append(file)
        default:
            if explicitlyNamed {
                refused.append(.error(at: .file(relative), "not a regular file or folder"))
            }
        }
    }
}
