#!/usr/bin/env bash
# Benchmark: provenance (the commit that introduced each grant) for 10,000 grants over a
# 1,000-commit history with renames, release build. Target: under 3 s on 2 cores.
set -euo pipefail
cd "$(dirname "$0")/.."
swift build -c release --product atrium >&2
data=bench-data/provenance-1k
if [ ! -d "$data/.git" ]; then
  rm -rf "$data"
  python3 scripts/gen-provenance-repo.py "$data" 1000 10000 >&2
fi
bin=.build/release/atrium
echo "== provenance: 10,000 grants over 1,000 commits (atrium access --format csv, 3 runs) =="
runs=$(for _ in 1 2 3; do
  "$bin" access --repo "$data" --format csv --stats 2>&1 >/dev/null
done)
sed 's/^stats: /  /' <<<"$runs"
median=$(grep -o 'total [0-9.]* s' <<<"$runs" | awk '{print $2}' | sort -n | sed -n 2p)
scripts/bench-verdict.py "provenance of 10k grants over 1,000 commits (median of 3)" "$median" "<" 3 s
