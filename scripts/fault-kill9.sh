#!/usr/bin/env bash
# Kills `atrium serve` with SIGKILL while four writers patch workspace ACLs, restarts it on the
# same database, and checks that every write it acknowledged (204) is still there — five rounds,
# on SQLite and, with ATRIUM_TEST_POSTGRES_URL (scripts/with-postgres.sh), on PostgreSQL; on
# SQLite the file must then pass `PRAGMA integrity_check`. Exits 1 when a write was lost.
#
# usage: scripts/fault-kill9.sh [ROUNDS, default 5]
set -euo pipefail
cd "$(dirname "$0")/.."
rounds=${1:-5}
bin=${ATRIUM_BIN:-.build/debug/atrium}
[ -x "$bin" ] || swift build --product atrium >&2

work=$(mktemp -d /tmp/atrium-kill9.XXXXXX)
pid=""
cleanup() {
  [ -n "$pid" ] && kill -9 "$pid" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT
{
  echo "apiVersion: atrium/v1"; echo "kind: Seed"; echo "users:"
  for i in $(seq -w 0 999); do echo "  - {username: user$i}"; done
  echo "templates:"; echo "  - {name: go-dev}"; echo "workspaces:"
  for i in $(seq -w 0 99); do echo "  - {owner: user0$i, name: ws$i, template: go-dev}"; done
} >"$work/seed.yaml"

port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
url="http://127.0.0.1:$port"
# serve DATABASE [seed flags...]: starts the server in the background; sets `pid`.
serve() {
  local database=$1
  shift
  "$bin" serve --listen "127.0.0.1:$port" --database "$database" --rate-limit 0 "$@" \
    >>"$work/token" 2>>"$work/serve.log" &
  pid=$!
  for _ in $(seq 1 300); do curl -sf "$url/api/v2/buildinfo" >/dev/null 2>&1 && return 0; sleep 0.05; done
  echo "FAIL: the server did not come back"; tail -5 "$work/serve.log"; exit 1
}

# check: every acknowledged grant is in the ACLs the server reads back; prints how many.
check() {
  python3 - "$url" "$token" "$work/acked" <<'EOF'
import http.client, json, sys, urllib.parse
url, token, path = sys.argv[1:4]
target = urllib.parse.urlsplit(url)
wanted = {}
for line in open(path):
    workspace, user = line.split()
    wanted.setdefault(workspace, set()).add(user)
lost = 0
connection = http.client.HTTPConnection(target.hostname, target.port, timeout=30)
for workspace, users in wanted.items():
    connection.request("GET", f"/api/v2/workspaces/{workspace}/acl", headers={"Coder-Session-Token": token})
    acl = json.loads(connection.getresponse().read())
    present = {entry["id"] for entry in acl.get("users", [])}
    lost += len(users - present)
print(sum(len(u) for u in wanted.values()), lost)
sys.exit(1 if lost else 0)
EOF
}

databases=("sqlite:$work/server.db")
if [ -n "${ATRIUM_TEST_POSTGRES_URL:-}" ]; then
  name="kill9_$$"
  psql "$ATRIUM_TEST_POSTGRES_URL" -q -c "CREATE DATABASE $name"
  databases+=("${ATRIUM_TEST_POSTGRES_URL%/*}/$name")
fi
status=0
for database in "${databases[@]}"; do
  : >"$work/acked"
  : >"$work/token"
  serve "$database" --seed "$work/seed.yaml" --bootstrap-admin admin
  for _ in $(seq 1 50); do [ -s "$work/token" ] && break; sleep 0.1; done
  token=$(head -1 "$work/token")
  echo "== ${database%%:*}: $rounds rounds of SIGKILL under four writers =="
  for round in $(seq 1 "$rounds"); do
    python3 scripts/kill9-client.py "$url" "$token" "$work/acked" "$round" &
    client=$!
    sleep "$(python3 -c 'import random; print(round(random.uniform(1.0, 3.0), 2))')"
    kill -9 "$pid"; wait "$pid" 2>/dev/null || true
    wait "$client" || true
    serve "$database"
    if ! result=$(check); then status=1; fi
    read -r acked lost <<<"$result"
    echo "  round $round: $acked acknowledged writes so far, $lost lost"
  done
  kill "$pid"; wait "$pid" 2>/dev/null || true
  pid=""
  if [ "${database%%:*}" = sqlite ]; then
    integrity=$(python3 -c "import sqlite3, sys; print(sqlite3.connect(sys.argv[1]).execute('PRAGMA integrity_check').fetchone()[0])" \
      "${database#sqlite:}")
    echo "  integrity_check: $integrity"
    [ "$integrity" = ok ] || status=1
  fi
done
[ "$status" -eq 0 ] && echo "ok: no acknowledged write was lost" || echo "FAIL: acknowledged writes were lost"
exit "$status"
