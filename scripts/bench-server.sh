#!/usr/bin/env bash
# Benchmark: ACL reads and ACL patches against `atrium serve` (release build) on loopback, with
# wrk at 32 connections, SQLite and PostgreSQL side by side, then two replicas on one PostgreSQL
# driven at once. Reports requests/s and p99 latency.
# Targets on 2 cores, SQLite: >= 5,000 reads/s and >= 1,000 patches/s, p99 < 20 ms; PostgreSQL:
# >= 4,000 reads/s and >= 2,000 patches/s, p99 < 25 ms; two replicas both serve and keep the union
# of concurrent patches (every patched user present, both read the same ACL).
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

# Starts `atrium serve` on a database (seeding it when asked) and sets $port and $pid.
start_server() {
  local database=$1; shift
  port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
  "$bin" serve --listen "127.0.0.1:$port" --database "$database" --rate-limit 0 "$@" >>"$work/token" 2>/dev/null &
  pid=$!
  for _ in $(seq 100); do curl -sf "http://127.0.0.1:$port/api/v2/buildinfo" >/dev/null && break; sleep 0.1; done
}

run_backend() {
  local label=$1 database=$2
  : >"$work/token"
  start_server "$database" --seed "$work/seed.yaml" --bootstrap-admin admin
  local first=$pid token base workspace
  token=$(cat "$work/token")
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
  read_rps=$last_rps read_p99=$last_p99
  report "$label" "PATCH acl" wrk -t2 -c32 -d"${duration}s" --latency -s "$work/patch.lua" -H "Coder-Session-Token: $token" "$base/workspaces/$workspace/acl"
  patch_rps=$last_rps patch_p99=$last_p99
  if [ "$label" = postgres ]; then
    verdicts PostgreSQL 4000 2000 25
    replicas "$database" "$token" "$workspace" "$base"
  else
    verdicts SQLite 5000 1000 20
  fi
  kill -INT $first; wait $first || true
}

# A second `atrium serve` on the same PostgreSQL; wrk drives both at once (16 connections each),
# then both must read back the same ACL with every one of the 200 users patched (no lost update).
replicas() {
  local database=$1 token=$2 workspace=$3 base1=$4
  curl -sf -X DELETE -H "Coder-Session-Token: $token" "$base1/workspaces/$workspace/acl"
  start_server "$database"
  local second=$pid base2="http://127.0.0.1:$port/api/v2"
  for what in GET PATCH; do
    local script=() name="GET  acl"
    if [ "$what" = PATCH ]; then script=(-s "$work/patch.lua"); name="PATCH acl"; fi
    wrk -t1 -c16 -d"${duration}s" --latency "${script[@]}" -H "Coder-Session-Token: $token" "$base1/workspaces/$workspace/acl" >"$work/wrk1" &
    local one=$!
    wrk -t1 -c16 -d"${duration}s" --latency "${script[@]}" -H "Coder-Session-Token: $token" "$base2/workspaces/$workspace/acl" >"$work/wrk2"
    wait $one
    python3 - "$name" "$work/wrk1" "$work/wrk2" "$work/slower" <<'PY'
import re, sys
def parse(path):
    text = open(path).read()
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", text).group(1))
    p99 = re.search(r"^\s+99%\s+(\S+)", text, re.M).group(1)
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", text)
    return rps, p99, int(errors.group(1)) if errors else 0
(a, pa, ea), (b, pb, eb) = parse(sys.argv[2]), parse(sys.argv[3])
print(f"  {'2 replicas':<10} {sys.argv[1]:<9} {a + b:10.2f} req/s   p99 {pa:>8} / {pb}   non-2xx {ea + eb}   ({a:.0f} + {b:.0f})")
# Both serve: each replica answered, and answered nothing but 2xx.
open(sys.argv[4], "w").write(f"{min(a, b) if ea + eb == 0 else 0:.0f}")
PY
    scripts/bench-verdict.py "PostgreSQL, 2 replicas at once: $what of the slower replica (both serve, all 2xx)" "$(cat "$work/slower")" ">" 0 "req/s"
  done
  local acl1 acl2
  acl1=$(curl -sf -H "Coder-Session-Token: $token" "$base1/workspaces/$workspace/acl" | python3 -c 'import json,sys; print(json.dumps(sorted((u["username"], u["role"]) for u in json.load(sys.stdin)["users"])))')
  acl2=$(curl -sf -H "Coder-Session-Token: $token" "$base2/workspaces/$workspace/acl" | python3 -c 'import json,sys; print(json.dumps(sorted((u["username"], u["role"]) for u in json.load(sys.stdin)["users"])))')
  local count
  count=$(python3 -c 'import json,sys; print(len(json.loads(sys.argv[1])))' "$acl1")
  if [ "$acl1" = "$acl2" ] && [ "$count" = 200 ]; then
    echo "  2 replicas union     both replicas read the same ACL of all 200 patched users: no lost update"
  else
    echo "  2 replicas union     FAILED: $count users through the first replica; the two reads $([ "$acl1" = "$acl2" ] && echo agree || echo differ)"
  fi
  scripts/bench-verdict.py "PostgreSQL, 2 replicas: patched users both read back" "$([ "$acl1" = "$acl2" ] && echo "$count" || echo 0)" "==" 200 users
  kill -INT $second; wait $second || true
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
  last_rps=$(python3 -c 'import sys; print(f"{float(sys.argv[1]):.0f}")' "$rps")
  last_p99=$(milliseconds "$p99")
}

# wrk's latency (850.00us, 9.60ms, 1.02s) in milliseconds.
milliseconds() {
  python3 -c '
import re, sys
value, unit = re.fullmatch(r"([\d.]+)(us|ms|s|m)", sys.argv[1]).groups()
scale = {"us": 0.001, "ms": 1, "s": 1000, "m": 60000}[unit]
print(f"{float(value) * scale:.1f}")' "$1"
}

# The figures of one backend beside its targets: reads/s, patches/s, and both p99s.
verdicts() {
  local label=$1 reads=$2 patches=$3 p99=$4
  scripts/bench-verdict.py "$label ACL reads/s" "$read_rps" ">=" "$reads" "req/s"
  scripts/bench-verdict.py "$label ACL reads p99" "$read_p99" "<" "$p99" ms
  scripts/bench-verdict.py "$label ACL patches/s" "$patch_rps" ">=" "$patches" "req/s"
  scripts/bench-verdict.py "$label ACL patches p99" "$patch_p99" "<" "$p99" ms
}

echo "== ACL reads and patches, 32 connections, ${duration}s each, release build =="
run_backend sqlite "sqlite:$work/bench.db"
if [ -n "${ATRIUM_TEST_POSTGRES_URL:-}" ]; then
  run_backend postgres "$ATRIUM_TEST_POSTGRES_URL"
else
  echo "  postgres   (skipped: run through scripts/with-postgres.sh, as make bench does)"
fi
echo "  targets: SQLite >= 5,000 reads/s and >= 1,000 patches/s, p99 < 20 ms; PostgreSQL >= 4,000 reads/s and >= 2,000 patches/s, p99 < 25 ms;"
echo "           two replicas on one PostgreSQL both serve and keep the union of concurrent patches"
