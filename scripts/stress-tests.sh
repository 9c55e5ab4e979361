#!/usr/bin/env bash
# Runs the whole test suite N times in a row, each run under a time limit, and prints how many
# passed, failed and hung. A hang is a run still going at the limit: it is killed and counted.
#
# usage: scripts/stress-tests.sh [N] [--busy] [--limit SECONDS]
#   N          runs (default 5)
#   --busy     keep one core busy (`yes > /dev/null`) for the whole stress run, as a loaded CI
#              machine would be; it is stopped afterwards
#   --limit S  time limit for one run (default 600 s)
# Logs: .build/stress/run-K.log. Each run gets its own throwaway PostgreSQL (scripts/with-postgres.sh).
set -euo pipefail
cd "$(dirname "$0")/.."

runs=5 busy=0 limit=600
while [ $# -gt 0 ]; do
  case "$1" in
    --busy) busy=1 ;;
    --limit) limit="$2"; shift ;;
    [0-9]*) runs="$1" ;;
    *) echo "usage: scripts/stress-tests.sh [N] [--busy] [--limit SECONDS]" >&2; exit 2 ;;
  esac
  shift
done

mkdir -p .build/stress
swift build --build-tests >.build/stress/build.log 2>&1 || { cat .build/stress/build.log >&2; exit 1; }

busy_pid=""
stop_busy() { if [ -n "$busy_pid" ]; then kill "$busy_pid" 2>/dev/null || true; wait "$busy_pid" 2>/dev/null || true; fi; }
trap stop_busy EXIT
if [ "$busy" -eq 1 ]; then
  yes >/dev/null &
  busy_pid=$!
  echo "stress: one core kept busy by pid $busy_pid" >&2
fi

passed=0 failed=0 hung=0
for k in $(seq 1 "$runs"); do
  log=.build/stress/run-$k.log
  start=$(date +%s)
  set +e
  timeout --kill-after=15 "$limit" scripts/with-postgres.sh swift test --skip-build >"$log" 2>&1
  status=$?
  set -e
  seconds=$(( $(date +%s) - start ))
  summary=$(grep -E "Test run with [0-9]+ tests" "$log" | tail -1 | sed 's/^[^A-Za-z]*//')
  if [ "$status" -eq 0 ]; then
    passed=$((passed + 1)); result=pass
  elif [ "$status" -eq 124 ] || [ "$status" -eq 137 ]; then
    hung=$((hung + 1)); result="HANG (killed at ${limit} s)"
  else
    failed=$((failed + 1)); result="FAIL (exit $status)"
  fi
  echo "run $k/$runs: $result in ${seconds} s${summary:+: $summary} ($log)"
done
echo "stress: $runs runs$([ "$busy" -eq 1 ] && echo ' with one core busy'): $passed passed, $failed failed, $hung hung"
[ "$failed" -eq 0 ] && [ "$hung" -eq 0 ]
