#!/usr/bin/env bash
# Benchmark: reconcile 1,000 and 10,000 workspaces with ~10 grants each (a generated repository and
# a seeded `atrium serve` on loopback, release builds): the first dry-run, the apply of every change,
# and a no-change dry-run; time, HTTP requests and client peak memory for each.
# Targets on 2 cores: no-change dry-run of 10,000 workspaces < 5 s; applying 100,000 grants to
# 10,000 workspaces < 20 s; at most one write request per changed workspace; client < 200 MiB.
set -euo pipefail
cd "$(dirname "$0")/.."
swift build -c release --product atrium >&2
bin=$PWD/.build/release/atrium
sizes=${BENCH_SIZES:-1000 10000}

for size in $sizes; do
  work=$(mktemp -d /tmp/atrium-bench-reconcile.XXXXXX)
  python3 scripts/gen-bench-repo.py "$work/repo" "$size" 10 --no-snapshots >/dev/null
  python3 - "$work/seed.yaml" "$size" <<'PY'
import sys
size = int(sys.argv[2])
lines = ["apiVersion: atrium/v1", "kind: Seed", "users:"]
lines += [f"  - {{username: user{i:04d}}}" for i in range(5000)]
lines += [f"  - {{username: owner{i:03d}}}" for i in range(1000)]
lines += ["groups:"] + [f"  - {{name: group{i:03d}}}" for i in range(300)] + [f"  - {{name: oncall{i:02d}}}" for i in range(20)]
lines += ["templates:", "  - {name: python-dev, parameters: [region, size]}", "workspaces:"]
lines += [f"  - {{owner: owner{i % 1000:03d}, name: ws{i:05d}, template: python-dev}}" for i in range(size)]
open(sys.argv[1], "w").write("\n".join(lines) + "\n")
PY
  port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
  "$bin" serve --listen "127.0.0.1:$port" --database "sqlite:$work/server.db" --seed "$work/seed.yaml" --rate-limit 0 \
    --bootstrap-admin admin >"$work/token" 2>/dev/null &
  pid=$!
  for _ in $(seq 1200); do curl -sf "http://127.0.0.1:$port/api/v2/buildinfo" >/dev/null 2>&1 && break; sleep 0.25; done
  export ATRIUM_TOKEN=$(cat "$work/token")
  echo "== $size workspaces, $((size * 10)) grants =="
  for run in "first dry-run:--dry-run" "apply:--auto-approve" "no-change dry-run:--dry-run"; do
    label=${run%%:*}
    flag=${run#*:}
    start=$(date +%s.%N)
    (cd "$work/repo" && "$bin" reconcile --path state --server "http://127.0.0.1:$port" $flag --stats >/dev/null 2>"$work/stats") || true
    end=$(date +%s.%N)
    printf '  %-18s %6.2f s   %s\n' "$label" "$(python3 -c "print($end - $start)")" "$(grep '^stats:' "$work/stats" | sed 's/^stats: //' | paste -sd ';' -)"
  done
  kill -INT $pid; wait $pid || true
  rm -rf "$work"
done
