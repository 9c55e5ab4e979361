#!/usr/bin/env bash
# The demo: start the reference server on loopback with examples/seed.yaml, validate examples/acme
# (read through libgit2 at HEAD), plan, apply, plan again (empty), review access with provenance,
# print the onboarding links (and QR codes) for three new hires, and stop the server.
set -euo pipefail
cd "$(dirname "$0")/.."
bin=${ATRIUM_BIN:-.build/debug/atrium}
work=$(mktemp -d /tmp/atrium-demo.XXXXXX)
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
server=http://127.0.0.1:$port

"$bin" serve --listen "127.0.0.1:$port" --database "sqlite:$work/demo.db" --seed examples/seed.yaml \
  --bootstrap-admin admin --wildcard-access-url "*.apps.localhost" >"$work/token" 2>"$work/server.log" &
pid=$!
trap 'kill -TERM $pid 2>/dev/null; wait $pid 2>/dev/null || true; rm -rf "$work"' EXIT
for _ in $(seq 100); do curl -sf "$server/api/v2/buildinfo" >/dev/null 2>&1 && break; sleep 0.1; done
ATRIUM_TOKEN=$(cat "$work/token")
export ATRIUM_TOKEN
if [ -t 1 ] && [ -z "${NO_COLOR:-}" ]; then bold=$'\033[1m' plain=$'\033[0m'; else bold='' plain=''; fi
step() { printf '\n%s== %s ==%s\n' "$bold" "$*" "$plain"; }

step "atrium serve is running on $server (log: one line per request)"
step "atrium validate --path examples/acme  (read through libgit2 at HEAD)"
"$bin" validate --path examples/acme
step "atrium reconcile --dry-run --provenance  (what would change, and why)"
"$bin" reconcile --path examples/acme --server "$server" --dry-run --provenance
step "atrium reconcile --auto-approve  (apply; on a terminal without it, atrium asks first)"
"$bin" reconcile --path examples/acme --server "$server" --auto-approve
step "atrium reconcile --dry-run --detailed-exitcode  (again: nothing left to do)"
"$bin" reconcile --path examples/acme --server "$server" --dry-run --detailed-exitcode
step "atrium list --shared --ports  (with each shared port's URL)"
"$bin" list --shared --ports --server "$server"
step "atrium show sre-oncall/payments-staging"
"$bin" show sre-oncall/payments-staging --path examples/acme --server "$server"
step "atrium access --workspace sre-oncall/payments-staging --live  (the access review, with the commit behind each grant)"
"$bin" access --workspace sre-oncall/payments-staging --live --path examples/acme --server "$server"
step "atrium factory onboarding-backend --set user=new-hire  (an onboarding link)"
"$bin" factory onboarding-backend --set user=new-hire --path examples/acme
step "atrium factory --all --values examples/onboarding/new-hires.yaml --qr ...  (links and QR codes for three new hires)"
"$bin" factory --all --values examples/onboarding/new-hires.yaml --path examples/acme --qr .build/demo/qr
step "stopping the server"
