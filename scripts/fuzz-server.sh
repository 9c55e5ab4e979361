#!/usr/bin/env bash
# Fuzzes `atrium serve` with schemathesis (PyPI: pip install schemathesis): requests generated from
# Coder's API spec (../shared/coder-api/swagger.json, or CODER_SWAGGER; the operations the server
# implements) and from the server's own extensions (schemas/server-extensions.yaml), against a
# seeded server on SQLite, and again under --coder-only. Every request must be answered without a
# 5xx (schemathesis's not_a_server_error check); the script exits 1 when one was not, naming it.
#
# usage: scripts/fuzz-server.sh [EXAMPLES per operation and phase, default 60]
# Prints `skip: <why>` and exits 0 when schemathesis or the spec is missing.
set -euo pipefail
cd "$(dirname "$0")/.."
examples=${1:-60}
swagger=$(realpath -m "${CODER_SWAGGER:-../shared/coder-api/swagger.json}")
command -v st >/dev/null || { echo "skip: schemathesis is not installed (pip install schemathesis)"; exit 0; }
[ -f "$swagger" ] || { echo "skip: Coder's API spec is not at $swagger (set CODER_SWAGGER)"; exit 0; }
bin=${ATRIUM_BIN:-.build/debug/atrium}
[ -x "$bin" ] || swift build --product atrium >&2

work=$(mktemp -d /tmp/atrium-fuzz.XXXXXX)
pid=""
cleanup() {
  [ -n "$pid" ] && kill "$pid" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

total=0
failed=0
# run NAME SPEC [st options...]: one schemathesis run against the running server; adds its counts.
run() {
  local name=$1 spec=$2
  shift 2
  local log="$work/$name.log"
  # From the scratch folder: schemathesis keeps its cache (.schemathesis/) where it runs.
  (cd "$work" && st --no-color run "$spec" -u "$url" -H "Coder-Session-Token: $token" -c not_a_server_error \
    -n "$examples" --phases examples,coverage,fuzzing -w 2 "$@" >"$log" 2>&1) || true
  local cases passed
  cases=$(grep -Eo '[0-9]+ generated' "$log" | awk '{print $1}' | tail -1)
  passed=$(grep -Eo '[0-9]+ passed' "$log" | awk '{print $1}' | tail -1)
  cases=${cases:-0} passed=${passed:-0}
  total=$((total + cases))
  printf '  %-34s %6d requests generated, %6d failed\n' "$name" "$cases" "$((cases - passed))"
  if [ "$cases" -eq 0 ] || [ "$cases" -ne "$passed" ]; then
    failed=$((failed + 1))
    grep -E "Server error|5[0-9][0-9] |FAILURES|Reproduce" "$log" | head -20 || tail -20 "$log"
  fi
}

for variant in full coder-only; do
  flags=()
  [ "$variant" = coder-only ] && flags=(--coder-only)
  port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
  "$bin" serve --listen "127.0.0.1:$port" --database "sqlite:$work/$variant.db" --seed examples/seed.yaml \
    --rate-limit 0 --bootstrap-admin admin ${flags[@]+"${flags[@]}"} >"$work/token" 2>"$work/serve-$variant.log" &
  pid=$!
  for _ in $(seq 1 200); do curl -sf "http://127.0.0.1:$port/api/v2/buildinfo" >/dev/null 2>&1 && break; sleep 0.1; done
  for _ in $(seq 1 50); do [ -s "$work/token" ] && break; sleep 0.1; done
  token=$(cat "$work/token")
  url="http://127.0.0.1:$port/api/v2"
  echo "== atrium serve ($variant), $examples examples per operation and phase =="
  run "coder-$variant" "$swagger" \
    --include-path-regex '^/(workspaces|users|groups|templates|organizations|buildinfo|workspacebuilds|applications)'
  [ "$variant" = full ] && run "extensions" "$PWD/schemas/server-extensions.yaml"
  kill "$pid"; wait "$pid" 2>/dev/null || true
  pid=""
  if grep -q "panic\|Fatal error" "$work/serve-$variant.log"; then
    echo "FAIL: the server crashed"; grep -m5 "panic\|Fatal error" "$work/serve-$variant.log"; failed=$((failed + 1))
  fi
done
echo "fuzz: $total requests generated, $failed runs with a server error or no requests"
[ "$failed" -eq 0 ]
