#!/usr/bin/env bash
# Benchmark: ACL reads and ACL patches against `atrium serve` (release build) on loopback, with
# wrk at 32 connections, SQLite and PostgreSQL side by side. Reports requests/s and p99 latency.
# Target on 2 cores, SQLite: >= 5,000 reads/s and >= 1,000 patches/s, p99 < 20 ms.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh wrk
swift build -c release --product atrium >&2
bin=$PWD/.build/release/atrium
duration=${BENCH_SECONDS:-10}
work=$(mktemp -d /tmp/atrium-bench.XXXXXX)
trap 'kill $(jobs -p) 2>/dev/null || true; rm -rf "$work"' EXIT

python3 - "$work/seed.yaml" <<'PY'
import sys
users = "\n".join(f"  - {{username: user{i:03d}}}" for i in range(200))
open(sys.argv[1], "w").write(f"""apiVersion: atrium/v1
kind: Seed
users:
  - {{username: owner}}
{users}
templates:
  - {{name: bench, parameters: [region]}}
workspaces:
  - {{owner: owner, name: bench, template: bench}}
""")
PY

run_backend() {
  local label=$1 database=$2
  local port
  port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
  "$bin" serve --listen "127.0.0.1:$port" --database "$database" --seed "$work/seed.yaml" --bootstrap-admin admin --rate-limit 0 \
    >"$work/token-$label" 2>/dev/null &
  local pid=$!
  for _ in $(seq 100); do curl -sf "http://127.0.0.1:$port/api/v2/buildinfo" >/dev/null && break; sleep 0.1; done
  local token base workspace
  token=$(cat "$work/token-$label")
  base="http://127.0.0.1:$port/api/v2"
  workspace=$(curl -sf -H "Coder-Session-Token: $token" "$base/users/owner/workspace/bench" | python3 -c 'import json,sys; print(json.load(sys.stdin)["id"])')
  curl -sf -H "Coder-Session-Token: $token" "$base/users?limit=300&q=user" | python3 -c '
import json, sys
ids = [u["id"] for u in json.load(sys.stdin)["users"]]
print("ids = {" + ",".join(f"\"{i}\"" for i in ids) + "}")
print("""counter = 0
wrk.headers["Content-Type"] = "application/json"
request = function()
  counter = counter + 1
  local role = (counter % 3 == 0) and "admin" or "use"
  local body = "{\\"user_roles\\": {\\"" .. ids[(counter % #ids) + 1] .. "\\": \\"" .. role .. "\\"}}"
  return wrk.format("PATCH", nil, nil, body)
end""")' >"$work/patch.lua"
  # Warm up, then measure.
  wrk -t2 -c8 -d2s -H "Coder-Session-Token: $token" "$base/workspaces/$workspace/acl" >/dev/null
  report "$label" "GET  acl" wrk -t2 -c32 -d"${duration}s" --latency -H "Coder-Session-Token: $token" "$base/workspaces/$workspace/acl"
  report "$label" "PATCH acl" wrk -t2 -c32 -d"${duration}s" --latency -s "$work/patch.lua" -H "Coder-Session-Token: $token" "$base/workspaces/$workspace/acl"
  kill -INT $pid; wait $pid || true
}

report() {
  local label=$1 what=$2; shift 2
  local output
  output=$("$@")
  local rps p99 errors
  rps=$(awk '/Requests\/sec/ {print $2}' <<<"$output")
  p99=$(awk '$1 == "99%" {print $2}' <<<"$output")
  errors=$(awk '/Non-2xx/ {print $5}' <<<"$output")
  printf '  %-10s %-9s %10s req/s   p99 %8s   non-2xx %s\n' "$label" "$what" "$rps" "$p99" "${errors:-0}"
}

echo "== ACL reads and patches, 32 connections, ${duration}s each, release build =="
run_backend sqlite "sqlite:$work/bench.db"
if [ -n "${ATRIUM_TEST_POSTGRES_URL:-}" ]; then
  run_backend postgres "$ATRIUM_TEST_POSTGRES_URL"
else
  echo "  postgres   (skipped: run through scripts/with-postgres.sh, as make bench does)"
fi
echo "  targets: SQLite >= 5,000 reads/s and >= 1,000 patches/s, p99 < 20 ms; PostgreSQL >= 4,000 reads/s and >= 2,000 patches/s, p99 < 25 ms"
