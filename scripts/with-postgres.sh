#!/usr/bin/env bash
# Runs a command with a throwaway PostgreSQL cluster on 127.0.0.1 and ATRIUM_TEST_POSTGRES_URL
# pointing at it; the cluster is removed afterwards. PostgreSQL refuses to run as root, so the
# cluster runs as the `postgres` user. Installs Debian's postgresql when initdb is missing.
#
# usage: scripts/with-postgres.sh COMMAND [ARGS...]
set -euo pipefail

if [ -n "${ATRIUM_TEST_POSTGRES_URL:-}" ]; then exec "$@"; fi

bindir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1 || true)
if [ -z "$bindir" ] || [ ! -x "$bindir/initdb" ]; then
  "$(dirname "$0")/install-deps.sh" postgresql
  bindir=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
fi

run_as_postgres() {
  if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

data=$(mktemp -d /tmp/atrium-pg.XXXXXX)
[ "$(id -u)" -eq 0 ] && chown postgres:postgres "$data"
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
password=atrium
run_as_postgres "$bindir/initdb" -D "$data/db" -U atrium --auth=trust >/dev/null
run_as_postgres "$bindir/pg_ctl" -D "$data/db" -l "$data/log" -w \
  -o "-c listen_addresses=127.0.0.1 -p $port -k $data -c fsync=off -c max_connections=200" start >/dev/null
cleanup() {
  run_as_postgres "$bindir/pg_ctl" -D "$data/db" -m immediate stop >/dev/null 2>&1 || true
  rm -rf "$data"
}
trap cleanup EXIT

export ATRIUM_TEST_POSTGRES_URL="postgres://atrium:$password@127.0.0.1:$port/postgres"
# The same cluster through its Unix-domain socket (libpq's ?host=DIRECTORY form).
export ATRIUM_TEST_POSTGRES_SOCKET_URL="postgres://atrium@/postgres?host=$data&port=$port"
echo "with-postgres: PostgreSQL $("$bindir/postgres" --version | awk '{print $3}') on 127.0.0.1:$port" >&2
"$@"
