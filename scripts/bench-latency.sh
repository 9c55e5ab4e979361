#!/usr/bin/env bash
# Benchmark: the client against a remote server, with the server's CPU elsewhere.
#
# An apply of BENCH_SIZES workspaces (default 500, ~10 grants each) from empty, each request
# answered BENCH_RTT milliseconds (default 20) after it was sent, BENCH_RUNS times (default 5):
# the median reconcile's wall time against 1.5 × the latency limit, which is
# requests ÷ 64 in flight × the round trip, plus two round trips for the last create → patch chain
# (500 workspaces: 1,020 requests, 0.36 s; target 0.54 s).
#
# On one 2-core machine the reference server and the client share the cores:
# `BENCH_RTT=20ms scripts/bench-reconcile.sh` measures both programs' CPU as much as the network.
# Here scripts/latency-responder.py stands in front of a seeded `atrium serve`: it records the
# server's answers to a first dry-run, then answers the measured runs from them (a create gets the
# server's answer to one create with a new id, an ACL patch Coder's 204) at almost no CPU, as a
# remote Coder's CPU is on another machine.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/bench-bin.sh
sizes=${BENCH_SIZES:-500}
rtt=${BENCH_RTT:-20}
rtt=${rtt%ms}
runs=${BENCH_RUNS:-5}
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }

# The no-change dry-run of the same workspaces once applied, reading every workspace's port
# shares and build parameters (Coder lists neither: one request each), against 1.5 × its latency
# limit: requests ÷ 64 in flight × the round trip, plus the live read's two round trips.
no_change() {
  local size=$1 work=$2 port=$3 remote
  python3 scripts/gen-bench-repo.py "$work/read" "$size" 10 --no-snapshots --prune-ports >/dev/null
  (cd "$work/read" && "$bin" reconcile --path state --server "http://127.0.0.1:$port" --auto-approve >/dev/null 2>&1) || true
  remote=$(free_port)
  python3 scripts/latency-responder.py --listen "$remote" --upstream "http://127.0.0.1:$port" --delay "$rtt" 2>/dev/null &
  local reader=$!
  for _ in $(seq 1200); do curl -sf "http://127.0.0.1:$remote/api/v2/buildinfo" >/dev/null 2>&1 && break; sleep 0.25; done
  dry() { (cd "$work/read" && "$bin" reconcile --path state --server "http://127.0.0.1:$remote" --dry-run --check-parameters \
    --detailed-exitcode --stats >"$work/out" 2>"$work/stats"); }
  dry || true
  curl -sf -X POST "http://127.0.0.1:$remote/__replay"
  echo "== $size workspaces, no change, port shares and parameters read, ${rtt} ms a request =="
  local walls=() requests=0
  for run in $(seq "$runs"); do
    local start end status=0
    start=$(date +%s.%N)
    dry || status=$?
    end=$(date +%s.%N)
    if [ "$status" != 0 ]; then echo "  dry-run $run found changes or failed (exit $status)"; continue; fi
    walls+=("$(python3 -c "print(f'{$end - $start:.3f}')")")
    requests=$(grep -o '[0-9]* HTTP requests' "$work/stats" | awk '{print $1}')
    printf '  dry-run %d   %6s s   %s\n' "$run" "${walls[-1]}" "$(grep '^stats:' "$work/stats" | sed 's/^stats: //' | paste -sd ';' -)"
  done
  local median target
  median=$(printf '%s\n' ${walls[@]+"${walls[@]}"} | sort -n | awk '{a[NR]=$1} END{if (NR) print a[int((NR+1)/2)]}')
  target=$(python3 -c "print(f'{1.5 * (${requests:-0} / 64 * $rtt / 1000 + 2 * $rtt / 1000):.2f}')")
  scripts/bench-verdict.py "remote server at ${rtt} ms, no-change dry-run of $size workspaces reading ports and parameters, median of $runs" \
    "$median" "<=" "$target" s
  kill $reader 2>/dev/null || true
}

for size in $sizes; do
  work=$(mktemp -d /tmp/atrium-bench-latency.XXXXXX)
  python3 scripts/gen-bench-repo.py "$work/repo" "$size" 10 --no-snapshots >/dev/null
  python3 scripts/gen-bench-seed.py "$work/seed.yaml" "$size" --no-workspaces >/dev/null
  port=$(free_port)
  remote=$(free_port)
  "$bin" serve --listen "127.0.0.1:$port" --database "sqlite:$work/server.db" --seed "$work/seed.yaml" --rate-limit 0 \
    --bootstrap-admin admin >"$work/token" 2>/dev/null &
  server=$!
  python3 scripts/latency-responder.py --listen "$remote" --upstream "http://127.0.0.1:$port" --delay "$rtt" 2>/dev/null &
  responder=$!
  trap 'kill $responder 2>/dev/null || true; kill -INT $server 2>/dev/null || true' EXIT
  for _ in $(seq 1200); do
    curl -sf "http://127.0.0.1:$port/api/v2/buildinfo" >/dev/null 2>&1 && curl -sf "http://127.0.0.1:$remote/api/v2/buildinfo" >/dev/null 2>&1 && break
    sleep 0.25
  done
  ATRIUM_TOKEN=$(cat "$work/token")
  export ATRIUM_TOKEN
  reconcile() { (cd "$work/repo" && "$bin" reconcile --path state --server "http://127.0.0.1:$remote" --stats "$@" >"$work/out" 2>"$work/stats"); }
  # The recording: the live read of the empty server, answered by it.
  reconcile --dry-run
  curl -sf -X POST "http://127.0.0.1:$remote/__replay"
  echo "== $size workspaces from empty, $((size * 10)) grants, ${rtt} ms a request, the server's CPU elsewhere (scripts/latency-responder.py) =="
  walls=()
  for run in $(seq "$runs"); do
    start=$(date +%s.%N)
    status=0
    reconcile --auto-approve || status=$?
    end=$(date +%s.%N)
    wall=$(python3 -c "print(f'{$end - $start:.3f}')")
    # A run that did not apply every change measures nothing.
    if [ "$status" != 0 ]; then
      echo "  apply $run failed (exit $status): $(grep -v '^stats:' "$work/stats" | head -3)"
      continue
    fi
    walls+=("$wall")
    requests=$(grep -o '[0-9]* HTTP requests' "$work/stats" | awk '{print $1}')
    printf '  apply %d   %6s s   %s\n' "$run" "$wall" "$(grep '^stats:' "$work/stats" | sed 's/^stats: //' | paste -sd ';' -)"
  done
  median=$(printf '%s\n' ${walls[@]+"${walls[@]}"} | sort -n | awk '{a[NR]=$1} END{if (NR) print a[int((NR+1)/2)]}')
  target=$(python3 -c "print(f'{1.5 * (${requests:-0} / 64 * $rtt / 1000 + 2 * $rtt / 1000):.2f}')")
  scripts/bench-verdict.py "remote server at ${rtt} ms (its CPU elsewhere), apply of $size workspaces from empty, median of $runs" \
    "$median" "<=" "$target" s
  kill $responder 2>/dev/null || true
  no_change "$size" "$work" "$port"
  kill -INT $server; wait $server || true
  trap - EXIT
  rm -rf "$work"
done
