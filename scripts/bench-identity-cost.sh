#!/usr/bin/env bash
# Benchmark: what declaring groups and template access costs a no-change plan. Two seeded
# `atrium serve` (release build, loopback, SQLite), each brought in line with its repository
# first: 10,000 workspaces with ~10 grants each, and the same with 200 Groups of 50 members and
# 50 TemplateAccess documents declared (scripts/gen-bench-repo.py --identity). Then BENCH_PAIRS
# (default 8) pairs of no-change dry-runs, one against each server in turn, so that both see the
# same machine; prints each pair and the median overhead in time and requests.
# Targets: at most 60 more requests and 10% more time than the same plan without them.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/bench-bin.sh
work=$(mktemp -d /tmp/atrium-bench-identity.XXXXXX)
pids=()
cleanup() {
  for pid in ${pids[@]+"${pids[@]}"}; do kill -INT "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
declare -A ports
for kind in plain identity; do
  flag=()
  [ "$kind" = identity ] && flag=(--identity)
  mkdir -p "$work/$kind"
  python3 scripts/gen-bench-repo.py "$work/$kind/repo" 10000 10 --no-snapshots ${flag[@]+"${flag[@]}"} >/dev/null
  seed_flags=()
  while read -r seed; do seed_flags+=(--seed "$seed"); done < <(python3 scripts/gen-bench-seed.py "$work/$kind/seed.yaml" 10000 ${flag[@]+"${flag[@]}"})
  ports[$kind]=$(free_port)
  "$bin" serve --listen "127.0.0.1:${ports[$kind]}" --database "sqlite:$work/$kind/server.db" \
    "${seed_flags[@]}" --rate-limit 0 --bootstrap-admin admin >"$work/$kind/token" 2>/dev/null &
  pids+=($!)
done
# kind, then reconcile's flags; prints the wall time, leaves --stats in $work/KIND/stats.
run() {
  local kind=$1
  shift
  local start end
  start=$(date +%s.%N)
  (cd "$work/$kind/repo" && ATRIUM_TOKEN=$(cat "$work/$kind/token") "$bin" reconcile --path state \
    --server "http://127.0.0.1:${ports[$kind]}" --parallelism auto --stats "$@" >/dev/null 2>"$work/$kind/stats") || true
  end=$(date +%s.%N)
  python3 -c "print(f'{$end - $start:.3f}')"
}
for kind in plain identity; do
  for _ in $(seq 1200); do curl -sf "http://127.0.0.1:${ports[$kind]}/api/v2/buildinfo" >/dev/null && break; sleep 0.25; done
  run "$kind" --auto-approve >/dev/null
  run "$kind" --dry-run >/dev/null
done
requests() { grep -o '[0-9]* HTTP requests' "$work/$1/stats" | awk '{print $1}'; }
echo "== no-change dry-run of 10,000 workspaces, without and with 200 Groups x 50 members and 50 TemplateAccess =="
overheads=()
for pair in $(seq "${BENCH_PAIRS:-8}"); do
  without=$(run plain --dry-run)
  with=$(run identity --dry-run)
  overhead=$(python3 -c "print(f'{($with / $without - 1) * 100:.1f}')")
  overheads+=("$overhead")
  printf '  pair %2d: %s s without (%s requests), %s s with (%s requests): %+.1f%%\n' \
    "$pair" "$without" "$(requests plain)" "$with" "$(requests identity)" "$overhead"
done
median=$(printf '%s\n' "${overheads[@]}" | sort -g | python3 -c 'import sys, statistics; print(f"{statistics.median(float(l) for l in sys.stdin):.1f}")')
range="$(printf '%s\n' "${overheads[@]}" | sort -g | head -1)% to $(printf '%s\n' "${overheads[@]}" | sort -g | tail -1)%"
scripts/bench-verdict.py "identity: no-change plan, extra requests for 200 groups and 50 template ACLs" \
  "$(($(requests identity) - $(requests plain)))" "<=" 60 requests
scripts/bench-verdict.py "identity: no-change plan, extra time (median of ${BENCH_PAIRS:-8} pairs)" "$median" "<=" 10 "%"
echo "  extra time, pair by pair: $range (the spread is the machine's: both runs of a pair do the same work but the groups)"
