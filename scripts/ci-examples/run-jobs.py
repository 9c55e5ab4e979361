#!/usr/bin/env python3
"""Runs examples/ci's jobs locally, as their CI would, against a real server: the GitLab jobs'
`script:` lines in one `bash -eo pipefail` (GitLab's shell), the GitHub jobs' `run:` steps each in
`bash -eo pipefail` (or the step's `shell:`), with fake CI variables and the built `atrium` on
PATH instead of the release download. A loopback receiver stands in for GitLab's notes API.

    run-jobs.py gitlab|github JOB REPO   (env: ATRIUM_URL, ATRIUM_TOKEN, ATRIUM_BIN_DIR, NOTES_URL)

Prints one JSON object: the job's exit code, its output, and (GitHub) each step's outcome and
the step outputs, summary and files left in the repository.
"""
import json
import os
import re
import subprocess
import sys
import tempfile

import yaml

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def environment(repo, extra):
    env = dict(os.environ)
    env["PATH"] = os.environ["ATRIUM_BIN_DIR"] + ":" + env["PATH"]
    env.update(extra)
    return env


def gitlab(job, repo):
    pipeline = yaml.safe_load(open(os.path.join(ROOT, "examples/ci/gitlab-ci.yml")))
    variables = {k: str(v) for k, v in pipeline["variables"].items()}
    variables.update({
        "ATRIUM_URL": os.environ["ATRIUM_URL"], "ATRIUM_TOKEN": os.environ["ATRIUM_TOKEN"],
        "CI_MERGE_REQUEST_TARGET_BRANCH_NAME": "main", "CI_API_V4_URL": os.environ.get("NOTES_URL", ""),
        "CI_PROJECT_ID": "1", "CI_MERGE_REQUEST_IID": "7", "ATRIUM_NOTE_TOKEN": "note-token",
        "CI_COMMIT_SHA": subprocess.run(["git", "rev-parse", "HEAD"], cwd=repo, capture_output=True, text=True).stdout.strip(),
    })
    script = "\n".join(pipeline[job]["script"])
    result = subprocess.run(["bash", "-eo", "pipefail", "-c", script], cwd=repo, env=environment(repo, variables),
                            capture_output=True, text=True, timeout=120)
    return {"status": result.returncode, "stdout": result.stdout, "stderr": result.stderr}


EXPRESSION = re.compile(r"\$\{\{\s*([^}]*?)\s*\}\}")


def github(job, repo):
    workflow = yaml.safe_load(open(os.path.join(ROOT, "examples/ci/github-actions.yml")))
    folder = tempfile.mkdtemp()
    files = {name: os.path.join(folder, name) for name in ["GITHUB_OUTPUT", "GITHUB_PATH", "GITHUB_STEP_SUMMARY"]}
    for path in files.values():
        open(path, "w").close()
    sha = subprocess.run(["git", "rev-parse", "HEAD"], cwd=repo, capture_output=True, text=True).stdout.strip()
    context = {"github.base_ref": "main", "github.event.number": "7", "github.sha": sha, "github.token": "gh-token",
               "github.run_id": "1", "secrets.ATRIUM_TOKEN": os.environ["ATRIUM_TOKEN"]}
    outputs = {}
    report = {"steps": [], "status": 0}

    def value(expression):
        if expression in context:
            return context[expression]
        match = re.fullmatch(r"steps\.([\w-]+)\.outputs\.([\w-]+)", expression)
        return outputs.get(match.group(1), {}).get(match.group(2), "") if match else ""

    def expand(text):
        return EXPRESSION.sub(lambda m: value(m.group(1)), str(text))

    def runs(step):
        # The conditions the examples use: success() (none written), always(), !cancelled() (also
        # after a failed step), a step output compared, and the fork check (the comment needs the
        # GitHub API, so it is not run here).
        condition = str(step.get("if", "")).strip()
        if condition.startswith("${{") and condition.endswith("}}"):
            condition = condition[3:-2].strip()
        if not condition:
            return report["status"] == 0
        if condition in ("always()", "!cancelled()"):
            return True
        gate = report["status"] == 0
        if condition.startswith("!cancelled() && "):
            condition, gate = condition[len("!cancelled() && "):], True
        if "head.repo.full_name" in condition:
            return False
        match = re.fullmatch(r"steps\.([\w-]+)\.outputs\.([\w-]+) != '(.*)'", condition)
        if match:
            return gate and outputs.get(match.group(1), {}).get(match.group(2), "") != match.group(3)
        raise SystemExit(f"unknown condition: {condition}")

    env = {k: expand(v) for k, v in workflow.get("env", {}).items()}
    env.update({"ATRIUM_URL": os.environ["ATRIUM_URL"], "GITHUB_SHA": sha, "GITHUB_REPOSITORY": "acme/access",
                "GITHUB_RUN_ID": "1", "RUNNER_TEMP": folder, "CI": "true"})
    for step in workflow["jobs"][job]["steps"]:
        if "run" not in step or str(step.get("name", "")).startswith("Install atrium"):
            continue
        if not runs(step):
            report["steps"].append({"name": step.get("name", ""), "skipped": True})
            continue
        step_env = dict(env, **files, **{k: expand(v) for k, v in step.get("env", {}).items()})
        shell = ["bash", "-eo", "pipefail", "-c"] if step.get("shell", "bash") == "bash" else ["bash", "-c"]
        open(files["GITHUB_OUTPUT"], "w").close()
        result = subprocess.run(shell + [expand(step["run"])], cwd=repo, env=environment(repo, step_env),
                                capture_output=True, text=True, timeout=120)
        if "id" in step:
            outputs[step["id"]] = dict(line.split("=", 1) for line in open(files["GITHUB_OUTPUT"]).read().splitlines() if "=" in line)
        report["steps"].append({"name": step.get("name", ""), "status": result.returncode,
                                "stdout": result.stdout, "stderr": result.stderr})
        if result.returncode != 0:
            report["status"] = result.returncode
    report["outputs"] = outputs
    report["summary"] = open(files["GITHUB_STEP_SUMMARY"]).read()
    return report


def main():
    kind, job, repo = sys.argv[1:4]
    print(json.dumps(gitlab(job, repo) if kind == "gitlab" else github(job, repo)))


if __name__ == "__main__":
    main()
