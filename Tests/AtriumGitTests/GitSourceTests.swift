import AtriumGit
import AtriumTestSupport
import AtriumYAML
import Foundation
import Testing

@testable import AtriumCore

/// Reading desired state from real repositories made with `git` in temporary folders.
@Suite struct GitSourceTests {
    /// A repository with three commits on main, a tag, a branch and an uncommitted edit.
    func history() async throws -> (GitFixture, [String]) {
        let repo = try await GitFixture()
        try repo.write("state/a.yaml", workspaceYAML("one"))
        let first = try await repo.commit("one")
        try repo.write("state/b.yml", workspaceYAML("two"))
        try repo.write("state/notes.md", "not desired state")
        let second = try await repo.commit("two")
        try await repo.git(["tag", "v1"])
        try await repo.git(["tag", "-a", "v1-annotated", "-m", "annotated"])
        try repo.write("state/nested/c.yaml", workspaceYAML("three"))
        let third = try await repo.commit("three")
        try await repo.git(["branch", "feature", first])
        try repo.write("state/a.yaml", workspaceYAML("edited"))  // uncommitted
        return (repo, [first, second, third])
    }

    func names(_ snapshot: SourceSnapshot) -> [String] { snapshot.files.map(\.path).sorted() }

    @Test func resolvesEveryKindOfRevision() async throws {
        let (repo, commits) = try await history()
        let source = try GitSource(path: repo.path)
        #expect(try source.resolve("HEAD") == commits[2])
        #expect(try source.resolve("main") == commits[2])
        #expect(try source.resolve("feature") == commits[0])
        #expect(try source.resolve("v1") == commits[1])
        #expect(try source.resolve("v1-annotated") == commits[1], "annotated tags peel to their commit")
        #expect(try source.resolve(commits[1]) == commits[1])
        #expect(try source.resolve(String(commits[1].prefix(7))) == commits[1])
        #expect(try source.resolve("HEAD~2") == commits[0])
        #expect(try source.resolve("HEAD^") == commits[1])
    }

    @Test func readsOnlyYAMLUnderThePrefixFromTheCommitNotTheWorkingTree() async throws {
        let (repo, commits) = try await history()
        let source = try GitSource(path: repo.path)
        let head = try source.snapshot(at: "HEAD", under: "state")
        #expect(head.commit == commits[2])
        #expect(names(head) == ["state/a.yaml", "state/b.yml", "state/nested/c.yaml"])
        let a = try #require(head.files.first { $0.path == "state/a.yaml" })
        #expect(String(decoding: a.bytes, as: UTF8.self).contains("name: one"), "the uncommitted edit is not read")
        #expect(names(try source.snapshot(at: "v1", under: "state/")) == ["state/a.yaml", "state/b.yml"])
        #expect(names(try source.snapshot(at: "HEAD~2", under: "./state")) == ["state/a.yaml"])
        #expect(names(try source.snapshot(at: "HEAD", under: "")) == names(head))
        #expect(names(try source.snapshot(at: "HEAD", under: "state/b.yml")) == ["state/b.yml"])
    }

    @Test func worktreeModeReadsUncommittedEditsAndSkipsIgnoredFiles() async throws {
        let (repo, commits) = try await history()
        try repo.write(".gitignore", "scratch/\n*.local.yaml\n")
        try repo.write("state/scratch/x.yaml", "not: [valid")
        try repo.write("state/mine.local.yaml", "not: [valid")
        try repo.write("state/new.yaml", workspaceYAML("four"))
        let snapshot = try GitSource(path: repo.path).worktreeSnapshot(under: "state")
        #expect(snapshot.isWorktree)
        #expect(snapshot.commit == commits[2])
        #expect(names(snapshot) == ["state/a.yaml", "state/b.yml", "state/nested/c.yaml", "state/new.yaml"])
        let a = try #require(snapshot.files.first { $0.path == "state/a.yaml" })
        #expect(String(decoding: a.bytes, as: UTF8.self).contains("name: edited"))
    }

    @Test func bareRepositoriesWork() async throws {
        let (repo, commits) = try await history()
        let bare = try await GitFixture(bare: true)
        try await repo.git(["push", "-q", bare.path, "main", "v1"])
        let source = try GitSource(path: bare.path)
        #expect(source.isBare)
        #expect(try source.resolve("HEAD") == commits[2])
        #expect(names(try source.snapshot(at: "v1", under: "state")) == ["state/a.yaml", "state/b.yml"])
        #expect(throws: GitError.self) { try source.worktreeSnapshot(under: "state") }
    }

    @Test func remoteTrackingBranchesResolve() async throws {
        let (repo, commits) = try await history()
        let cloneDir = FileManager.default.temporaryDirectory.appendingPathComponent(
            "atrium-clone-\(UUID().uuidString)")
        try await GitFixture.run(["clone", "-q", repo.path, cloneDir.path], in: FileManager.default.temporaryDirectory)
        let clone = GitFixture(existing: cloneDir)
        try await clone.git(["reset", "-q", "--hard", "HEAD~1"])
        let source = try GitSource(path: clone.path)
        #expect(try source.resolve("origin/main") == commits[2])
        #expect(try source.resolve("HEAD") == commits[1])
    }

    @Test func symlinksAndSubmodulesAreRefusedByName() async throws {
        let repo = try await GitFixture()
        try repo.write("state/a.yaml", workspaceYAML("one"))
        try FileManager.default.createSymbolicLink(
            atPath: repo.root.appendingPathComponent("state/link.yaml").path, withDestinationPath: "/etc/passwd")
        let other = try await GitFixture()
        try other.write("x.yaml", workspaceYAML("sub"))
        try await other.commit("sub")
        try await repo.git(["submodule", "add", "-q", other.path, "state/vendor"])
        try await repo.commit("with link and submodule")
        let snapshot = try GitSource(path: repo.path).snapshot(at: "HEAD", under: "state")
        #expect(names(snapshot) == ["state/a.yaml"])
        #expect(
            snapshot.refused.map(\.description) == [
                "state/link.yaml: error: symbolic links are refused (a link could point outside the "
                    + "repository; commit the file itself)",
                "state/vendor: error: submodules are refused (Atrium reads one repository; copy the desired "
                    + "state into it)",
            ])
        let worktree = try GitSource(path: repo.path).worktreeSnapshot(under: "state")
        #expect(worktree.refused.map(\.location?.file) == ["state/link.yaml", "state/vendor"])
    }

    @Test func largeFilesAndLFSPointersAreRefused() async throws {
        let repo = try await GitFixture()
        try repo.write("big.yaml", bytes: Array(repeating: UInt8(ascii: "#"), count: SourceFile.maxSize + 1))
        try repo.write("exact.yaml", bytes: Array(repeating: UInt8(ascii: "#"), count: SourceFile.maxSize))
        try repo.write(
            "lfs.yaml",
            "version https://git-lfs.github.com/spec/v1\noid "
                + "sha256:4d7a214614ab2935c943f9e0ff69d22eadbb8f32b1258daaa5e2ca24d17e2393\nsize 12345\n"
        )
        try await repo.commit("files")
        let snapshot = try GitSource(path: repo.path).snapshot(at: "HEAD", under: "")
        #expect(names(snapshot) == ["exact.yaml"])
        #expect(
            snapshot.refused.map(\.message) == [
                "the file is 1048577 bytes, more than the 1 MiB limit",
                "the file is a Git LFS pointer, not its content",
            ])
        #expect(snapshot.refused.map(\.location?.file) == ["big.yaml", "lfs.yaml"])
        // The working tree is judged by the same rules, in the same words.
        let worktree = try GitSource(path: repo.path).worktreeSnapshot(under: "")
        #expect(worktree.refused.map(\.description) == snapshot.refused.map(\.description))
    }

    @Test func oneLineErrorsForMissingRepoRevisionAndPath() async throws {
        let missing = "/nonexistent/atrium-\(UUID().uuidString)"
        #expect(throws: GitError.self) { try GitSource(path: missing) }
        do throws(GitError) {
            _ = try GitSource(path: missing)
        } catch {
            #expect(error.code == .notARepository)
            #expect(error.description == "`\(missing)` does not exist (run inside a repository or pass --repo DIR)")
        }
        let plain = FileManager.default.temporaryDirectory.appendingPathComponent("atrium-plain-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: plain, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: plain) }
        do throws(GitError) {
            _ = try GitSource(path: plain.path)
            Issue.record("opened a folder that is not a repository")
        } catch {
            #expect(error.code == .notARepository)
        }

        let (repo, _) = try await history()
        let source = try GitSource(path: repo.path)
        do throws(GitError) {
            _ = try source.snapshot(at: "no-such-branch", under: "")
            Issue.record("resolved an unknown revision")
        } catch {
            #expect(error.code == .unknownRevision)
            #expect(!error.description.contains("\n"))
            #expect(error.description.hasPrefix("`no-such-branch` is not a known revision"))
        }
        do throws(GitError) {
            _ = try source.snapshot(at: "HEAD", under: "nowhere")
            Issue.record("found a missing path")
        } catch {
            #expect(error.code == .pathNotFound)
        }
    }

    @Test func shallowClonesSayWhatIsMissing() async throws {
        let (repo, commits) = try await history()
        let cloneDir = FileManager.default.temporaryDirectory.appendingPathComponent(
            "atrium-shallow-\(UUID().uuidString)")
        try await GitFixture.run(
            ["clone", "-q", "--depth", "1", "file://\(repo.path)", cloneDir.path],
            in: FileManager.default.temporaryDirectory)
        let clone = GitFixture(existing: cloneDir)
        let source = try GitSource(path: clone.path)
        #expect(source.isShallow)
        #expect(try source.resolve("HEAD") == commits[2])
        for revision in ["HEAD~1", commits[0]] {
            do throws(GitError) {
                _ = try source.snapshot(at: revision, under: "state")
                Issue.record("read \(revision) from a shallow clone")
            } catch {
                #expect(error.code == .missingObject)
                #expect(
                    error.description
                        == "revision `\(revision)` is not in this shallow clone (fetch more history: git fetch "
                        + "--deepen=N, or --unshallow)"
                )
            }
        }
        // A mistyped name is a mistake, not missing history.
        for revision in ["mian", "mian~1", "v9.9"] {
            do throws(GitError) {
                _ = try source.snapshot(at: revision, under: "state")
                Issue.record("read \(revision) from a shallow clone")
            } catch {
                #expect(error.code == .unknownRevision, "\(revision): \(error)")
                #expect(error.description.hasPrefix("`\(revision)` is not a known revision"), "\(error)")
            }
        }
    }

    @Test func loadValidatesWhatItReads() async throws {
        let (repo, commits) = try await history()
        let result = try DesiredStateLoader.load(
            .init(repository: repo.path, revision: "HEAD", prefix: "state"), now: Date())
        #expect(result.isValid)
        #expect(result.commit == commits[2])
        #expect(result.state.workspaces.map(\.name).sorted() == ["one", "three", "two"])
        let worktree = try DesiredStateLoader.load(
            .init(repository: repo.path, prefix: "state", worktree: true), now: Date())
        #expect(worktree.state.workspaces.map(\.name).sorted() == ["edited", "three", "two"])
    }
}
