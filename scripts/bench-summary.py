#!/usr/bin/env python3
"""The figures `make bench` measured, each beside its target, as one Markdown table.

Reads the rows scripts/bench-verdict.py appended to $BENCH_SUMMARY (default
.build/bench/summary.tsv) in this run and prints them, then how many targets were met.
"""
import os
import sys

path = os.environ.get("BENCH_SUMMARY", ".build/bench/summary.tsv")
if not os.path.exists(path):
    sys.exit(f"bench-summary: no figures in {path} (run make bench)")
rows = [line.rstrip("\n").split("\t") for line in open(path) if line.strip()]
print()
print("== every figure beside its target (this run) ==")
machine = ".build/bench/machine.txt"
if os.path.exists(machine):
    print(open(machine).read().strip())
    print()
print("| figure | measured | target | |")
print("| --- | --- | --- | --- |")
for figure, measured, target, verdict in rows:
    print(f"| {figure} | {measured} | {target} | {verdict} |")
met = sum(1 for row in rows if row[3] == "met")
print(f"\n{met} of {len(rows)} targets met; table also in {path}")
