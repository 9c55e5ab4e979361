#!/usr/bin/env python3
"""Writes the seed the reconcile benchmarks start `atrium serve` with: 5,000 users, 1,000 owners,
320 groups, one template, and WORKSPACES workspaces (ws00000, ... owned in turn by the owners, built
with the parameters git declares), the ones scripts/gen-bench-repo.py declares. With --no-workspaces the server starts with the users,
groups and template only, and a reconcile creates every workspace.

With --identity, the first 200 groups have 50 members each and 50 more templates exist
(tmpl00 ... tmpl49), as scripts/gen-bench-repo.py --identity declares them.

The workspaces go in files of their own beside OUT (OUT's name with -workspaces-N), 5,000 to a
file: a file holds at most 100,000 YAML values. Prints every file written, OUT first, one a line:
pass each to `atrium serve` with --seed, in that order.

usage: gen-bench-seed.py OUT WORKSPACES [--no-workspaces] [--identity]
"""
import pathlib
import sys

out, size = sys.argv[1], int(sys.argv[2])
if "--no-workspaces" in sys.argv[3:]:
    size = 0
lines = ["apiVersion: atrium/v1", "kind: Seed", "users:"]
lines += [f"  - {{username: user{i:04d}}}" for i in range(5000)]
lines += [f"  - {{username: owner{i:03d}}}" for i in range(1000)]
identity = "--identity" in sys.argv[3:]


def members(group):
    """The 50 members of one of the first 200 groups (the same in the repository)."""
    return [f"user{(group * 50 + k) % 5000:04d}" for k in range(50)]


lines += ["groups:"]
lines += [
    f"  - {{name: group{i:03d}, members: [{', '.join(members(i))}]}}" if identity and i < 200 else f"  - {{name: group{i:03d}}}"
    for i in range(300)]
lines += [f"  - {{name: oncall{i:02d}}}" for i in range(20)]
lines += ["templates:", "  - {name: python-dev, parameters: [region, size]}"]
if identity:
    lines += [f"  - {{name: tmpl{i:02d}}}" for i in range(50)]
open(out, "w").write("\n".join(lines) + "\n")
print(out)
per_file = 5000
for n, first in enumerate(range(0, size, per_file)):
    # Built with the parameters git declares, so that a no-change run finds none to report.
    workspaces = ["apiVersion: atrium/v1", "kind: Seed", "workspaces:"] + [
        f"  - {{owner: owner{i % 1000:03d}, name: ws{i:05d}, template: python-dev, "
        "parameters: {region: eu-west, size: large}}"
        for i in range(first, min(size, first + per_file))]
    path = pathlib.Path(out)
    path = path.with_name(f"{path.stem}-workspaces-{n}{path.suffix}")
    path.write_text("\n".join(workspaces) + "\n")
    print(path)
