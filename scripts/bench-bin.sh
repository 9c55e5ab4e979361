# shellcheck shell=bash disable=SC2034  # `bin` is read by the scripts that source this.
# Sourced by the benchmark scripts: sets `bin` to the atrium release binary they measure.
# BENCH_BIN: one built already (the release archive's, for example); otherwise `swift build -c release`.
if [ -n "${BENCH_BIN:-}" ]; then
  bin=$(realpath "$BENCH_BIN")
else
  swift build -c release --product atrium >&2
  bin=$PWD/.build/release/atrium
fi
