#!/usr/bin/env python3
"""What the benchmark figures depend on, measured first by `make bench`: the cores, and what it
costs to wake a thread on the other core (a pipe round trip between two processes pinned to
different cores) against one on the same core. Every request between client, server and database
wakes threads, so a machine whose cross-core wake-ups are slow (a VM without cheap interrupts
between its cores) serves fewer requests a second at the same CPU speed; compare runs by this.

Writes the line to .build/bench/machine.txt for scripts/bench-summary.py.
"""
import os
import time

ROUNDS = 20000


def round_trip(parent_cpu, child_cpu):
    """Microseconds per round trip of one byte each way between two pinned processes."""
    ping_r, ping_w = os.pipe()
    pong_r, pong_w = os.pipe()
    child = os.fork()
    if child == 0:
        os.sched_setaffinity(0, {child_cpu})
        for _ in range(ROUNDS):
            os.read(ping_r, 1)
            os.write(pong_w, b"x")
        os._exit(0)
    os.sched_setaffinity(0, {parent_cpu})
    start = time.perf_counter()
    for _ in range(ROUNDS):
        os.write(ping_w, b"x")
        os.read(pong_r, 1)
    elapsed = time.perf_counter() - start
    os.waitpid(child, 0)
    for fd in (ping_r, ping_w, pong_r, pong_w):
        os.close(fd)
    return elapsed / ROUNDS * 1e6


cpus = sorted(os.sched_getaffinity(0))
same = round_trip(cpus[0], cpus[0])
line = f"machine: {len(cpus)} cores; a wake-up round trip on one core {same:.1f} µs"
if len(cpus) > 1:
    across = round_trip(cpus[0], cpus[1])
    line += f", across two cores {across:.1f} µs"
os.sched_setaffinity(0, set(cpus))
print(line)
os.makedirs(".build/bench", exist_ok=True)
with open(".build/bench/machine.txt", "w") as out:
    out.write(line + "\n")
