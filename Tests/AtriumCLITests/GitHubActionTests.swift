import AtriumTestSupport
import Foundation
import Testing

/// action.yml run locally, step by step, as GitHub's runner would: its `run:` steps in order,
/// with the inputs, the earlier steps' outputs and fake GITHUB_OUTPUT, GITHUB_PATH and
/// GITHUB_STEP_SUMMARY files; the archive comes from a `file://` URL.
@Suite struct GitHubActionTests {
    /// Runs action.yml's steps: `runner.py ACTION_DIR WORKSPACE INPUTS_JSON`; prints a JSON
    /// object with each step's status and outputs, and the files' contents.
    static let runner = #"""
        import json, os, re, subprocess, sys, tempfile, yaml
        action_dir, workspace, inputs = sys.argv[1], sys.argv[2], json.loads(sys.argv[3])
        action = yaml.safe_load(open(os.path.join(action_dir, "action.yml")))
        values = {k: str(v.get("default", "")) for k, v in action["inputs"].items() if not str(v.get("default", "")).startswith("${{")}
        values.update(inputs)
        files = {name: tempfile.mktemp() for name in ["GITHUB_OUTPUT", "GITHUB_PATH", "GITHUB_STEP_SUMMARY"]}
        for path in files.values(): open(path, "w").close()
        outputs, report = {}, {"steps": {}}
        def expand(text):
            text = text.replace("${{ github.action_path }}", action_dir).replace("${{ github.event_name }}", "push")
            text = re.sub(r"\$\{\{ inputs\.([\w-]+) \}\}", lambda m: values.get(m.group(1), ""), text)
            text = re.sub(r"\$\{\{ steps\.(\w+)\.outputs\.([\w-]+) \}\}", lambda m: outputs.get(m.group(1), {}).get(m.group(2), ""), text)
            return re.sub(r"\$\{\{[^}]*\}\}", "", text)
        for step in action["runs"]["steps"]:
            if "run" not in step: continue
            env = dict(os.environ, RUNNER_TOOL_CACHE=os.path.join(workspace, "tool-cache"), GITHUB_REPOSITORY="acme/access", **files)
            env.update({k: expand(str(v)) for k, v in step.get("env", {}).items()})
            env["PATH"] = ":".join([l.strip() for l in open(files["GITHUB_PATH"]) if l.strip()] + [env["PATH"]])
            before = open(files["GITHUB_OUTPUT"]).read()
            done = subprocess.run(["bash", "-c", expand(step["run"])], cwd=workspace, env=env, capture_output=True, text=True, timeout=120)
            added = open(files["GITHUB_OUTPUT"]).read()[len(before):]
            outputs[step["id"]] = dict(line.split("=", 1) for line in added.splitlines() if "=" in line)
            report["steps"][step["id"]] = {"status": done.returncode, "stdout": done.stdout, "stderr": done.stderr, "outputs": outputs[step["id"]]}
            if done.returncode != 0 and step["id"] != "run": break
        report["files"] = {name: open(path).read() for name, path in files.items()}
        print(json.dumps(report))
        """#

    struct Report: Decodable {
        struct Step: Decodable {
            var status: Int
            var stdout: String
            var stderr: String
            var outputs: [String: String]
        }
        var steps: [String: Step]
        var files: [String: String]
    }

    /// An archive laid out as `make dist` lays it out, holding the built binary, and its .sha256.
    func archive(in folder: URL) async throws -> URL {
        let stage = folder.appendingPathComponent("stage/atrium-0.1.0/bin")
        try FileManager.default.createDirectory(at: stage, withIntermediateDirectories: true)
        try FileManager.default.copyItem(at: CLI.executable, to: stage.appendingPathComponent("atrium"))
        let name = "atrium-0.1.0-linux-x86_64.tar.gz"
        try await CLI.tool(
            ["tar", "-C", folder.appendingPathComponent("stage").path, "-czf", name, "atrium-0.1.0"], in: folder)
        let sum = try await CLI.tool(["sha256sum", name], in: folder)
        try sum.write(to: folder.appendingPathComponent("\(name).sha256"), atomically: true, encoding: .utf8)
        return folder.appendingPathComponent(name)
    }

    func run(_ inputs: [String: String], in repo: URL) async throws -> Report {
        let json = String(decoding: try JSONSerialization.data(withJSONObject: inputs), as: UTF8.self)
        let output = try await CLI.tool(
            ["python3", "-c", Self.runner, CLI.packageRoot.path, repo.path, json], in: repo)
        return try JSONDecoder().decode(Report.self, from: Data(output.utf8))
    }

    @Test func theActionInstallsChecksRunsAndSummarizes() async throws {
        let repo = try await CLI.examplesRepository()
        defer { try? FileManager.default.removeItem(at: repo) }
        let folder = repo.appendingPathComponent("release")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let archive = try await archive(in: folder)
        let team = repo.appendingPathComponent("examples/acme/teams/payments.yaml")
        try (try String(contentsOf: team, encoding: .utf8)).replacingOccurrences(
            of: "qa-lead: use", with: "qa-lead: admin"
        )
        .write(to: team, atomically: true, encoding: .utf8)
        try await CLI.tool(["git", "commit", "-qam", "qa-lead administers"], in: repo)

        let inputs = [
            "archive-url": "file://\(archive.path)", "command": "diff", "path": "examples/acme",
            "args": "--base HEAD~1",
        ]
        let report = try await run(inputs, in: repo)
        #expect(report.steps["install"]?.status == 0, "\(report.steps["install"]?.stderr ?? "")")
        #expect(report.steps["install"]?.stdout.hasPrefix("0.1.0 (") == true, "atrium --version ran")
        #expect(report.steps["run"]?.status == 0, "\(report.steps["run"]?.stderr ?? "")")
        #expect(report.steps["run"]?.outputs["exit-code"] == "0")
        #expect(report.files["GITHUB_STEP_SUMMARY"]?.contains("### Atrium access diff") == true)
        #expect(report.files["GITHUB_STEP_SUMMARY"]?.contains("qa-lead") == true)
        #expect(report.files["GITHUB_PATH"]?.contains("/bin") == true)

        // Cached: the archive is not fetched again (it is gone, and the run still succeeds).
        try FileManager.default.removeItem(at: archive)
        let cached = try await run(inputs.merging(["command": "validate", "args": ""]) { $1 }, in: repo)
        #expect(cached.steps["install"]?.status == 0, "\(cached.steps["install"]?.stderr ?? "")")
        #expect(cached.steps["run"]?.outputs["exit-code"] == "0", "\(cached.steps["run"]?.stderr ?? "")")
    }

    @Test func anArchiveThatDoesNotMatchItsChecksumIsRefused() async throws {
        let repo = try await CLI.examplesRepository()
        defer { try? FileManager.default.removeItem(at: repo) }
        let folder = repo.appendingPathComponent("release")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let archive = try await archive(in: folder)
        try (String(repeating: "0", count: 64) + "  \(archive.lastPathComponent)\n").write(
            to: URL(fileURLWithPath: archive.path + ".sha256"), atomically: true, encoding: .utf8)
        let report = try await run(["archive-url": "file://\(archive.path)", "command": "validate"], in: repo)
        #expect(report.steps["install"]?.status == 1)
        #expect(report.steps["install"]?.stdout.contains("::error::the archive's SHA-256 does not match") == true)
        #expect(report.steps["run"] == nil, "nothing ran")
    }
}
