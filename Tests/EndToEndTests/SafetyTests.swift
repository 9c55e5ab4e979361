import AtriumTestSupport
import Foundation
import Testing

/// Reconcile is safe by default: what git closes is closed, mass removals are refused, applies
/// are confirmed, saved plans cannot be edited, secrets stay secret.
@Suite struct SafetyTests {
    @Test func removingLinkEveryoneClosesTheLink() async throws {
        try await withHarness { h in
            try await h.commit([
                "atrium.yaml": Docs.config(),
                "ws.yaml": Docs.workspace("alice", "existing", spec: "  sharing: {users: {bob: use}, link: everyone}"),
            ])
            #expect(try await h.reconcile([]).status == 0)
            #expect(try await h.workspace("alice", "existing")?.admission == "everyone")

            // The pull request deletes the `link: everyone` line.
            try await h.commit(["ws.yaml": Docs.workspace("alice", "existing", spec: "  sharing: {users: {bob: use}}")])
            let dry = try await h.reconcile(["--dry-run", "--detailed-exitcode"])
            #expect(dry.status == 2, "an open link git closed is a change: \(dry.stdout)")
            #expect(dry.stdout.contains("~ link sharing everyone → owner"), "\(dry.stdout)")
            let show = try await Binary.atrium(["show", "alice/existing", "--server", h.server.baseURL], in: h.repo, environment: ["ATRIUM_TOKEN": h.token, "NO_COLOR": "1"])
            #expect(show.stdout.contains("link sharing: git owner, server everyone"), "\(show.stdout)")
            #expect(try await h.reconcile([]).status == 0)
            #expect(try await h.workspace("alice", "existing")?.admission == "owner")
            #expect(try await h.reconcile(["--dry-run", "--detailed-exitcode"]).status == 0)
        }
    }

    /// Runs `atrium ARGS` on a pseudo-terminal and answers its `[y/N]` question with `answer`.
    static let onTerminal = #"""
        import os, pty, select, sys, time
        answer, command = sys.argv[1], sys.argv[2:]
        pid, fd = pty.fork()
        if pid == 0:
            os.execv(command[0], command)
        output, answered, deadline = b"", False, time.time() + 90
        while time.time() < deadline:
            ready, _, _ = select.select([fd], [], [], 0.2)
            if not ready:
                continue
            try:
                data = os.read(fd, 4096)
            except OSError:
                break
            if not data:
                break
            output += data
            if not answered and b"[y/N]" in output:
                os.write(fd, answer.encode() + b"\n")
                answered = True
        _, status = os.waitpid(pid, 0)
        sys.stdout.write(output.decode(errors="replace"))
        sys.exit(os.waitstatus_to_exitcode(status))
        """#

    func reconcileOnTerminal(_ h: Harness, answering answer: String) async throws -> ProcessResult {
        let arguments = ["-c", Self.onTerminal, answer, Binary.executable.path, "reconcile", "--server", h.server.baseURL]
        return try await ChildProcess.run(Command("python3", arguments, in: h.repo, environment: ["ATRIUM_TOKEN": h.token, "NO_COLOR": "1"]))
    }

    @Test func onATerminalTheApplyIsConfirmedFirst() async throws {
        try await withHarness { h in
            try await h.commit(["ws.yaml": Docs.workspace("alice", "existing", spec: "  sharing: {users: {bob: use}}")])
            let declined = try await reconcileOnTerminal(h, answering: "n")
            #expect(declined.status == 1, "\(declined.stdout)")
            #expect(declined.stdout.contains("+ share with user:bob as use"), "the plan is shown first: \(declined.stdout)")
            #expect(declined.stdout.contains("Apply 1 change to \(h.server.baseURL)? [y/N]"))
            #expect(declined.stdout.contains("Apply cancelled; nothing was changed."))
            #expect(try await h.sharing("alice", "existing").isEmpty)

            let accepted = try await reconcileOnTerminal(h, answering: "y")
            #expect(accepted.status == 0, "\(accepted.stdout)")
            #expect(accepted.stdout.contains("Applied 1 change"))
            #expect(try await h.sharing("alice", "existing") == ["user:bob=use"])
        }
    }

    @Test func withoutATerminalApplyingNeedsAutoApprove() async throws {
        try await withHarness { h in
            try await h.commit(["ws.yaml": Docs.workspace("alice", "existing", spec: "  sharing: {users: {bob: use}}")])
            let refused = try await Binary.atrium(["reconcile", "--server", h.server.baseURL], in: h.repo, environment: ["ATRIUM_TOKEN": h.token])
            #expect(refused.status == 1)
            #expect(refused.stderr.contains("refusing to apply 1 change to \(h.server.baseURL) without confirmation"), "\(refused.stderr)")
            #expect(refused.stderr.contains("--auto-approve"))
            #expect(h.faults.writeCount == 0, "nothing was written")
            #expect(try await h.sharing("alice", "existing").isEmpty)
            // A dry run needs no approval; a saved plan was the approval.
            #expect(try await Binary.atrium(["reconcile", "--server", h.server.baseURL, "--dry-run", "--out", "plan.json"], in: h.repo, environment: ["ATRIUM_TOKEN": h.token]).status == 0)
            #expect(try await Binary.atrium(["reconcile", "--server", h.server.baseURL, "--plan", "plan.json"], in: h.repo, environment: ["ATRIUM_TOKEN": h.token]).status == 0)
            #expect(try await h.sharing("alice", "existing") == ["user:bob=use"])
        }
    }

    @Test func exitCodesAreTerraformsWithDetailedExitcode() async throws {
        try await withHarness { h in
            try await h.commit(["atrium.yaml": Docs.config(), "ws.yaml": Docs.workspace("alice", "existing")])
            #expect(try await h.reconcile(["--dry-run", "--detailed-exitcode"]).status == 0, "no changes")
            let unreadable = try await h.reconcile(["--dry-run", "--detailed-exitcode", "--rev", "no-such-branch"])
            #expect(unreadable.status == 1, "an unreadable revision is an error, not drift: \(unreadable.stderr)")
            #expect(try await h.reconcile(["--dry-run", "--rev", "no-such-branch"]).status == 1)
            let invalid = try await h.reconcile(["--dry-run", "--detailed-exitcode", "--path", "nowhere"])
            #expect(invalid.status == 1, "\(invalid.stderr)")

            // A grant made by hand, kept by prune.grants: false, is still drift.
            try await h.commit(["atrium.yaml": Docs.config("prune: {grants: false}")])
            try await h.shareOnServer("alice", "existing", users: ["carol": "use"])
            let drift = try await h.reconcile(["--dry-run", "--detailed-exitcode"])
            #expect(drift.status == 2, "\(drift.stdout)")
            #expect(drift.stdout.contains("! alice/existing: user:carol has use, not declared in git"))
            #expect(try await h.reconcile(["--dry-run"]).status == 0, "without --detailed-exitcode, 0")
        }
    }
}
