#!/usr/bin/env bash
# Benchmark: `atrium validate` on eleven hostile repositories (scripts/gen-hostile-repos.py: an
# alias bomb, 100,000 levels of nesting, a 50 MB file, a key given twice, 300,000 nodes, 300 MiB in
# all, a symbolic link out of the repository, a submodule, an LFS pointer, binary content, language
# tags), release build. Each must be refused (exit 1, or 2 for a repository over the totals, which
# is refused before a byte of it is read) — target: every refusal under 0.4 s and 64 MiB on 2 cores.
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=scripts/bench-bin.sh
source scripts/bench-bin.sh
data=bench-data/hostile
[ -d "$data/alias-bomb/.git" ] || python3 scripts/gen-hostile-repos.py "$data" >&2
echo "== hostile repositories: atrium validate, each must be refused =="
slowest=0 largest=0 accepted=0
for repo in "$data"/*/; do
  name=$(basename "$repo")
  status=0
  /usr/bin/time -f "%e %M" -o "$data/$name.time" "$bin" validate --repo "$repo" >/dev/null 2>"$data/$name.err" || status=$?
  read -r seconds kib < <(tail -1 "$data/$name.time")
  mib=$(python3 -c "print(f'{$kib / 1024:.1f}')")
  printf '  %-18s exit %d  %5s s  %6s MiB  %s\n' "$name" "$status" "$seconds" "$mib" \
    "$(grep -m1 -o 'error: .*' "$data/$name.err" | cut -c1-90)"
  [ "$status" -eq 1 ] || [ "$status" -eq 2 ] || accepted=$((accepted + 1))
  slowest=$(python3 -c "print(max($slowest, $seconds))")
  largest=$(python3 -c "print(max($largest, $mib))")
done
scripts/bench-verdict.py "hostile repositories: every one refused (not refused)" "$accepted" "==" 0 ""
scripts/bench-verdict.py "hostile repositories: the slowest refusal" "$slowest" "<=" 0.4 s
scripts/bench-verdict.py "hostile repositories: the largest peak memory" "$largest" "<=" 64 MiB
