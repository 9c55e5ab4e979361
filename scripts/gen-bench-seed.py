#!/usr/bin/env python3
"""Writes the seed the reconcile benchmarks start `atrium serve` with: 5,000 users, 1,000 owners,
320 groups, one template, and WORKSPACES workspaces (ws00000, ... owned in turn by the owners), the
ones scripts/gen-bench-repo.py declares. With --no-workspaces the server starts with the users,
groups and template only, and a reconcile creates every workspace.

With --identity, the first 200 groups have 50 members each and 50 more templates exist
(tmpl00 ... tmpl49), as scripts/gen-bench-repo.py --identity declares them.

usage: gen-bench-seed.py OUT WORKSPACES [--no-workspaces] [--identity]
"""
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
if size:
    lines += ["workspaces:"] + [f"  - {{owner: owner{i % 1000:03d}, name: ws{i:05d}, template: python-dev}}" for i in range(size)]
open(out, "w").write("\n".join(lines) + "\n")
