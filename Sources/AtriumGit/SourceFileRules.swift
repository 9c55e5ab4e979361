import AtriumCore

/// What Atrium refuses to read as desired state, and what it says about it: one set of rules
/// for commits (`GitSource`) and for the working tree (`WorktreeReader`), so that `validate
/// --worktree` and CI agree.
enum SourceFileRules {
    static func symbolicLink(_ path: String) -> Diagnostic {
        .error(
            at: .file(path), "symbolic links are refused",
            hint: "a link could point outside the repository; commit the file itself")
    }

    static func submodule(_ path: String) -> Diagnostic {
        .error(
            at: .file(path), "submodules are refused",
            hint: "Atrium reads one repository; copy the desired state into it")
    }

    static func notYAML(_ path: String) -> Diagnostic {
        .error(
            at: .file(path), "only .yaml and .yml files hold desired state",
            hint: "rename it or point --path at a folder")
    }

    static func notRegular(_ path: String) -> Diagnostic {
        .error(at: .file(path), "not a regular file or folder")
    }

    /// A refusal when the file is over `SourceFile.maxSize`.
    static func size(_ size: Int, of path: String) -> Diagnostic? {
        guard size > SourceFile.maxSize else { return nil }
        return .error(
            at: .file(path), "the file is \(size) bytes, more than the 1 MiB limit", hint: "split it into several files"
        )
    }

    /// Stops the read when the files so far are over `SourceLimits`: nothing more is read, and
    /// the error names the limit.
    static func checkTotals(files: Int, bytes: Int) throws(GitError) {
        if files > SourceLimits.files {
            throw GitError(
                .tooLarge, "the desired state has more than \(SourceLimits.files) YAML files, Atrium's limit",
                hint: "point --path at the folder that holds the desired state")
        }
        if bytes > SourceLimits.totalBytes {
            throw GitError(
                .tooLarge,
                "the desired state's YAML files are more than \(SourceLimits.totalBytes >> 20) MiB together, "
                    + "Atrium's limit",
                hint: "point --path at the folder that holds the desired state")
        }
    }

    /// A refusal when the file is a Git LFS pointer: git stores the pointer, not the content,
    /// so what CI reads at a commit would not be what the working tree shows.
    static func content(of file: SourceFile) -> Diagnostic? {
        guard file.isLFSPointer else { return nil }
        return .error(
            at: .file(file.path), "the file is a Git LFS pointer, not its content",
            hint:
                "Atrium reads what git stores; stop tracking YAML with LFS (git lfs untrack) and commit the file itself"
        )
    }
}
