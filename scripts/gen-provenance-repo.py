#!/usr/bin/env python3
"""Makes a repository for the provenance benchmark: GRANTS grants built up over COMMITS commits
by eight authors, with files renamed and a branch merged every ten commits, written with
`git fast-import` (a few seconds).

usage: gen-provenance-repo.py DIR [COMMITS=1000] [GRANTS=10000]
"""
import os
import subprocess
import sys

out = sys.argv[1]
commits = int(sys.argv[2]) if len(sys.argv) > 2 else 1000
grants = int(sys.argv[3]) if len(sys.argv) > 3 else 10000
workspaces = max(1, grants // 10)   # ten grants per workspace
files = max(1, workspaces // 10)    # ten workspaces per file
authors = [("Ada Lovelace", "ada"), ("Grace Hopper", "grace"), ("Linus T", "linus"), ("Ken T", "ken"),
           ("Barbara L", "barbara"), ("Edsger D", "edsger"), ("Frances A", "frances"), ("Donald K", "donald")]

# The grants each workspace has at the end, added a few per commit in a fixed order.
order = [(w, g) for g in range(10) for w in range(workspaces)]
merges = commits // 10
per_commit = -(-len(order) // (commits - merges))
batch = 0
state = {w: [] for w in range(workspaces)}
names = {f: f"teams/team-{f:04d}.yaml" for f in range(files)}


def render(f):
    docs = []
    for w in range(f * 10, min(workspaces, f * 10 + 10)):
        users = ", ".join(f"user-{(w * 7 + g) % 5000:04d}: {'admin' if g == 0 else 'use'}" for g in state[w])
        docs.append(
            "apiVersion: atrium/v1\nkind: Workspace\n"
            f"metadata: {{name: ws-{w:05d}, owner: owner-{w % 500:03d}, labels: {{team: t{f % 20}}}}}\n"
            f"spec:\n  template: go-dev\n  sharing:\n    users: {{{users}}}\n")
    return "---\n".join(docs).encode()


os.makedirs(out, exist_ok=True)
subprocess.run(["git", "init", "-q", "-b", "main", out], check=True)
stream = []
mark = 0
time = 1_760_000_000
main_tip = None
side_tip = None
for index in range(commits):
    name, login = authors[index % len(authors)]
    changed = set()
    # Every tenth commit is a merge of a branch commit (made two commits earlier, beside a
    # commit on main): histories with merges are what pull requests leave behind.
    is_merge = index % 10 == 9 and side_tip is not None
    if not is_merge:
        for w, g in order[batch * per_commit:(batch + 1) * per_commit]:
            state[w].append(g)
            changed.add(w // 10)
        batch += 1
    else:
        changed = side_files
    ops = []
    if index % 100 == 50:  # rename a file now and then
        f = (index // 100) % files
        old = names[f]
        names[f] = f"renamed/team-{f:04d}-r{index}.yaml"
        ops.append(f"D {old}\n".encode())
        changed.add(f)
    for f in sorted(changed):
        data = render(f)
        ops.append(f"M 100644 inline {names[f]}\ndata {len(data)}\n".encode() + data + b"\n")
    mark += 1
    on_side = index % 10 == 7
    message = (f"Merge pull request #{index}" if is_merge else f"Grant access batch {index} ({len(changed)} files)").encode()
    header = (f"commit refs/heads/{'side' if on_side else 'main'}\nmark :{mark}\n"
              f"author {name} <{login}@example.com> {time} +0000\n"
              f"committer {name} <{login}@example.com> {time} +0000\n"
              f"data {len(message)}\n").encode() + message + b"\n"
    if main_tip is not None:
        header += f"from :{main_tip}\n".encode()
    if is_merge:
        header += f"merge :{side_tip}\n".encode()
        side_tip = None
    stream.append(header + b"".join(ops) + b"\n")
    if on_side:
        side_tip = mark
        side_files = set(changed)
    else:
        main_tip = mark
    time += 3600
subprocess.run(["git", "-C", out, "fast-import", "--quiet"], input=b"".join(stream), check=True)
subprocess.run(["git", "-C", out, "reset", "-q", "--hard", "main"], check=True)
print(f"{out}: {commits} commits, {sum(len(v) for v in state.values())} grants in {workspaces} workspaces, {files} files", file=sys.stderr)
