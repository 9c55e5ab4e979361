#!/usr/bin/env bash
# Benchmark: load + validate 10,000 Workspace documents (100,000 grants) from a git revision,
# release build. Reports files/s, MB/s, wall time and peak memory (target: < 1 s, < 150 MiB).
set -euo pipefail
cd "$(dirname "$0")/.."
swift build -c release --product atrium >&2
data=bench-data/load-10k
if [ ! -d "$data/.git" ]; then
  rm -rf "$data"
  python3 scripts/gen-bench-repo.py "$data" 10000 10 >&2
fi
bin=.build/release/atrium
echo "== load + validate 10,000 workspaces / 100,000 grants from git (3 runs) =="
runs=$(for _ in 1 2 3; do
  "$bin" validate --repo "$data" --path state --stats 2>&1 >/dev/null
done)
sed 's/^stats: /  /' <<<"$runs"
# The median of the three runs' times and the largest peak.
median=$(grep -o 'total [0-9.]* s' <<<"$runs" | awk '{print $2}' | sort -n | sed -n 2p)
peak=$(grep -o 'peak memory [0-9.]* MiB' <<<"$runs" | awk '{print $3}' | sort -n | tail -1)
scripts/bench-verdict.py "load + validate 10k (median of 3)" "$median" "<" 1 s
scripts/bench-verdict.py "load + validate 10k, peak memory" "$peak" "<" 150 MiB
