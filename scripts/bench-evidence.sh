#!/usr/bin/env bash
# Benchmark: the evidence pack (`atrium review report`) for 10,000 grants built up over 1,000
# commits (the provenance benchmark's repository), release build. Target: under 5 s on 2 cores.
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=scripts/bench-bin.sh
source scripts/bench-bin.sh
data=bench-data/provenance-1k
if [ ! -d "$data/.git" ]; then
  rm -rf "$data"
  python3 scripts/gen-provenance-repo.py "$data" 1000 10000 >&2
fi
echo "== evidence pack: 10,000 grants over 1,000 commits (atrium review report --format csv, 3 runs) =="
runs=$(for _ in 1 2 3; do
  "$bin" review report --repo "$data" --since 2000-01-01 --until 2100-01-01 --format csv --stats 2>&1 >/dev/null
done)
sed 's/^stats: /  /' <<<"$runs"
median=$(grep -o 'total [0-9.]* s' <<<"$runs" | awk '{print $2}' | sort -n | sed -n 2p)
scripts/bench-verdict.py "evidence pack of 10k grants over 1,000 commits (median of 3)" "$median" "<" 5 s
