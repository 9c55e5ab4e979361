#!/usr/bin/env bash
# Shows that a change kept what atrium prints: runs validate, reconcile --dry-run, diff, access and
# factory on examples/ with a base binary and with the current build, and compares stdout, stderr
# and exit codes byte for byte. Both binaries plan against one reference server (so the live
# state, its ids and its fingerprint are the same), and the repository they read is committed with
# a fixed identity and fixed dates (so commit ids are the same).
#
# usage: scripts/compare-outputs.sh BASE_REV          build BASE_REV in a worktree, then compare
#        scripts/compare-outputs.sh --base-bin PATH   compare against an atrium binary built before
# Outputs: .build/compare/{base,current}/; exit 1 when any output differs.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)

case "${1:-}" in
  --base-bin) base_bin=$(realpath "$2") ;;
  "" | -*) echo "usage: scripts/compare-outputs.sh BASE_REV | --base-bin PATH" >&2; exit 2 ;;
  *)
    tree="$root/.build-compare/tree"
    rm -rf "$tree"; git worktree prune
    git worktree add --detach -f "$tree" "$1" >/dev/null
    (cd "$tree" && swift build --scratch-path "$root/.build-compare/build" --product atrium >&2)
    base_bin="$root/.build-compare/build/debug/atrium"
    ;;
esac
swift build --product atrium >&2
current_bin="$root/.build/debug/atrium"

work=$(mktemp -d /tmp/atrium-compare.XXXXXX)
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
"$current_bin" serve --listen "127.0.0.1:$port" --database "sqlite:$work/server.db" --seed examples/seed.yaml \
  --bootstrap-admin admin >"$work/token" 2>"$work/server.log" &
pid=$!
trap 'kill -TERM $pid 2>/dev/null; wait $pid 2>/dev/null || true; rm -rf "$work"' EXIT
for _ in $(seq 100); do curl -sf "http://127.0.0.1:$port/api/v2/buildinfo" >/dev/null 2>&1 && break; sleep 0.1; done
ATRIUM_TOKEN=$(cat "$work/token")
export ATRIUM_TOKEN NO_COLOR=1
server=http://127.0.0.1:$port

# The repository: examples/ as committed, then a second commit that changes access.
repo="$work/repo"
mkdir -p "$repo" && cp -r examples schemas "$repo/"
export GIT_AUTHOR_NAME=Ada GIT_AUTHOR_EMAIL=ada@example.com GIT_COMMITTER_NAME=Ada GIT_COMMITTER_EMAIL=ada@example.com
export GIT_AUTHOR_DATE=2026-10-01T12:00:00Z GIT_COMMITTER_DATE=2026-10-01T12:00:00Z
git -C "$repo" init -q -b main && git -C "$repo" add -A && git -C "$repo" commit -qm "examples"
sed -i 's/groups: {oncall: admin}/groups: {oncall: use}/' "$repo/examples/acme/grants/oncall.yaml"
sed -i 's/groups: {auditors: use}/groups: {auditors: use, qa: use}/' "$repo/examples/acme/grants/payments-auditors.yaml"
export GIT_AUTHOR_DATE=2026-10-02T12:00:00Z GIT_COMMITTER_DATE=2026-10-02T12:00:00Z
git -C "$repo" commit -qam "oncall uses staging; qa audits payments"

now=(--now 2026-11-01T00:00:00Z)
acme=(--path examples/acme)
commands=(
  "validate ${acme[*]}"
  "validate ${acme[*]} --format json"
  "validate ${acme[*]} --format github"
  "validate --path examples/invalid"
  "validate --path examples/invalid --format json"
  "reconcile ${acme[*]} --server $server --dry-run ${now[*]}"
  "reconcile ${acme[*]} --server $server --dry-run --provenance ${now[*]}"
  "reconcile ${acme[*]} --server $server --dry-run --format json ${now[*]}"
  "reconcile ${acme[*]} --server $server --dry-run --format markdown ${now[*]}"
  "reconcile ${acme[*]} --server $server --dry-run --detailed-exitcode --rev HEAD~1 ${now[*]}"
  "diff ${acme[*]} --base HEAD~1 ${now[*]}"
  "diff ${acme[*]} --base HEAD~1 --format json ${now[*]}"
  "diff ${acme[*]} --base HEAD~1 --format markdown ${now[*]}"
  "diff ${acme[*]} --base HEAD~1 --provenance --fail-on access-gain ${now[*]}"
  "access ${acme[*]} ${now[*]}"
  "access ${acme[*]} --format json ${now[*]}"
  "access ${acme[*]} --format csv ${now[*]}"
  "access ${acme[*]} --user maria ${now[*]}"
  "access ${acme[*]} --workspace sre-oncall/payments-staging --at HEAD~1 ${now[*]}"
  "access ${acme[*]} --workspace sre-oncall/payments-staging --live --server $server ${now[*]}"
  "access ${acme[*]} --workspace maria/ledger-dev --at 2026-10-02"
  "show sre-oncall/payments-staging ${acme[*]} --server $server ${now[*]}"
  "show sre-oncall/payments-staging ${acme[*]} --server $server --provenance ${now[*]}"
  "show sre-oncall/payments-staging ${acme[*]} --server $server --format json ${now[*]}"
  "list ${acme[*]} --server $server"
  "list ${acme[*]} --server $server --format json"
  "list ${acme[*]} --server $server --shared-with group:qa"
  "export ${acme[*]} --server $server"
  "factory onboarding-backend --set user=new-hire ${acme[*]}"
  "factory --all --values examples/onboarding/new-hires.yaml ${acme[*]}"
  "factory --all --values examples/onboarding/new-hires.yaml ${acme[*]} --format json"
  "factory --all --values examples/onboarding/new-hires.yaml ${acme[*]} --format markdown"
  "factory --all --values examples/onboarding/new-hires.yaml ${acme[*]} --format html"
)

record() { # BIN DIR
  mkdir -p "$2"
  local k=0
  for command in "${commands[@]}"; do
    k=$((k + 1))
    # shellcheck disable=SC2086 # the commands are word lists
    (cd "$repo" && "$1" $command >"$2/$k.out" 2>"$2/$k.err"; echo "exit $?" >"$2/$k.status") || true
  done
}
out="$root/.build/compare"; rm -rf "$out"
record "$base_bin" "$out/base"
record "$current_bin" "$out/current"

same=0 different=0 k=0
for command in "${commands[@]}"; do
  k=$((k + 1))
  if cmp -s $out/base/$k.out $out/current/$k.out && cmp -s $out/base/$k.err $out/current/$k.err \
    && cmp -s $out/base/$k.status $out/current/$k.status; then
    same=$((same + 1)); echo "same       atrium $command ($(cat $out/current/$k.status))"
  else
    different=$((different + 1)); echo "DIFFERENT  atrium $command"
    diff -u $out/base/$k.out $out/current/$k.out | head -20 || true
    diff -u $out/base/$k.err $out/current/$k.err | head -20 || true
    diff -u $out/base/$k.status $out/current/$k.status || true
  fi
done
echo "compare-outputs: ${#commands[@]} commands: $same byte-identical, $different different"
[ "$different" -eq 0 ]
