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
for run in 1 2 3; do
  "$bin" validate --repo "$data" --path state --stats >/dev/null
done 2>&1 | sed 's/^stats: /  /'
echo "  target: < 1 s and < 150 MiB"
