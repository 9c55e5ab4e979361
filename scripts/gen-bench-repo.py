#!/usr/bin/env python3
"""Generates a git repository of desired state for benchmarks.

usage: gen-bench-repo.py DIR [WORKSPACES] [GRANTS_PER_WORKSPACE] [--no-snapshots] [--prune-ports] [--identity]
Writes WORKSPACES Workspace documents (one file each, in 100 team folders), each sharing with
GRANTS_PER_WORKSPACE users and groups (and declaring one snapshot unless --no-snapshots), plus a
Config and 20 label-selecting Grants, and commits them. With --prune-ports the Config sets
`prune: {ports: true}`, so that every workspace's port shares are read (one request each). With
--identity it also declares 200 Groups of 50 members and 50 TemplateAccess documents, as
scripts/gen-bench-seed.py --identity seeds them (so that a plan against that seed has nothing to do).
"""
import os
import pathlib
import subprocess
import sys

snapshots = "--no-snapshots" not in sys.argv
prune_ports = "--prune-ports" in sys.argv
identity = "--identity" in sys.argv
args = [a for a in sys.argv[1:] if a not in ("--no-snapshots", "--prune-ports", "--identity")]
root = pathlib.Path(args[0])
count = int(args[1]) if len(args) > 1 else 10_000
per = int(args[2]) if len(args) > 2 else 10
state = root / "state"
state.mkdir(parents=True, exist_ok=True)
(state / "atrium.yaml").write_text(
    "apiVersion: atrium/v1\nkind: Config\nserver: {url: http://127.0.0.1:7080}\n"
    "policy: {sharing: everyone, maxRole: admin, link: allowed}\n"
    # Port shares are read on every governed workspace unless prune.ports is false: the
    # baseline leaves them unread; --prune-ports reads them as Atrium does by default.
    + ("" if prune_ports else "prune: {ports: false}\n"))
for i in range(count):
    team = f"team{i % 100:02d}"
    folder = state / team
    folder.mkdir(exist_ok=True)
    users = "\n".join(
        f"      user{(i * 7 + j) % 5000:04d}: {'admin' if j % 5 == 0 else 'use'}" for j in range(per // 2))
    groups = "\n".join(
        f"      group{(i + j) % 300:03d}: {{role: use, expires: 2030-01-01T00:00:00Z}}" for j in range(per - per // 2))
    (folder / f"ws{i:05d}.yaml").write_text(f"""apiVersion: atrium/v1
kind: Workspace
metadata:
  name: ws{i:05d}
  owner: owner{i % 1000:03d}
  labels: {{team: {team}, tier: t{i % 3}}}
spec:
  template: python-dev
  parameters: {{region: eu-west, size: large}}
  sharing:
    users:
{users}
    groups:
{groups}
    link: owner
""" + ("  snapshots: [{name: baseline}]\n" if snapshots else ""))
grants = state / "grants"
grants.mkdir(exist_ok=True)
for g in range(20):
    (grants / f"grant{g:02d}.yaml").write_text(f"""apiVersion: atrium/v1
kind: Grant
metadata: {{name: oncall-{g:02d}}}
spec:
  workspaces: {{selector: {{team: team{g:02d}}}}}
  groups: {{oncall{g:02d}: admin}}
  expires: 2030-01-31T00:00:00Z
""")
if identity:
    people = state / "identity"
    people.mkdir(exist_ok=True)
    for g in range(200):
        members = ", ".join(f"user{(g * 50 + k) % 5000:04d}" for k in range(50))
        (people / f"group{g:03d}.yaml").write_text(
            f"apiVersion: atrium/v1\nkind: Group\nmetadata: {{name: group{g:03d}}}\nspec: {{members: [{members}]}}\n")
    for t in range(50):
        (people / f"tmpl{t:02d}.yaml").write_text(
            f"apiVersion: atrium/v1\nkind: TemplateAccess\nmetadata: {{name: tmpl{t:02d}}}\nspec: {{groups: {{Everyone: use}}}}\n")
env = dict(os.environ, GIT_AUTHOR_NAME="bench", GIT_AUTHOR_EMAIL="bench@example.com",
           GIT_COMMITTER_NAME="bench", GIT_COMMITTER_EMAIL="bench@example.com")
subprocess.run(["git", "init", "-q", "-b", "main"], cwd=root, check=True)
subprocess.run(["git", "add", "-A"], cwd=root, check=True, env=env)
subprocess.run(["git", "commit", "-q", "-m", f"{count} workspaces"], cwd=root, check=True, env=env)
print(f"generated {count} workspaces with {count * per} grants in {root}")
