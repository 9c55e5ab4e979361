#!/usr/bin/env bash
# Benchmark: how Atrium scales, at 1,000, 10,000 and 100,000 workspaces with 10 grants each (100k ×
# 10 = 1M grants): load + validate, the first dry-run, the apply, a no-change dry-run (each with
# the client's peak memory), and the server's peak memory; release builds, SQLite, loopback,
# --parallelism auto. Prints a table, writes .build/bench/scale.csv and plots it to
# .build/bench/scale.png (matplotlib, installed from PyPI when missing).
# Targets for 100,000: load + validate < 8 s and < 1 GiB; no-change dry-run < 10 s; memory linear in size.
set -euo pipefail
cd "$(dirname "$0")/.."
swift build -c release --product atrium >&2
bin=$PWD/.build/release/atrium
sizes=${BENCH_SCALE_SIZES:-1000 10000 100000}
out=.build/bench
mkdir -p "$out"
csv=$out/scale.csv
echo "workspaces,grants,load_s,load_mib,first_dry_run_s,first_dry_run_mib,apply_s,apply_mib,no_change_s,no_change_mib,server_mib" >"$csv"

# "stats: ... total 0.68 s ... peak memory 66.1 MiB" or "stats: N HTTP requests, 2.71 s, peak memory 117.1 MiB; ..."
seconds() { grep '^stats:' "$1" | tail -1 | sed -E 's/.*(total |requests, )([0-9.]+) s.*/\2/'; }
mebibytes() { grep '^stats:' "$1" | tail -1 | sed -E 's/.*peak memory ([0-9.]+) MiB.*/\1/'; }

printf '%-11s %-10s %-16s %-16s %-16s %-16s %s\n' workspaces grants "load+validate" "first dry-run" apply "no-change" "server peak"
for size in $sizes; do
  work=$(mktemp -d /tmp/atrium-bench-scale.XXXXXX)
  python3 scripts/gen-bench-repo.py "$work/repo" "$size" 10 --no-snapshots >/dev/null
  python3 scripts/gen-bench-seed.py "$work/seed.yaml" "$size"
  (cd "$work/repo" && "$bin" validate --path state --stats >/dev/null 2>"$work/load") || true
  port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
  "$bin" serve --listen "127.0.0.1:$port" --database "sqlite:$work/server.db" --seed "$work/seed.yaml" --rate-limit 0 \
    --bootstrap-admin admin >"$work/token" 2>/dev/null &
  pid=$!
  for _ in $(seq 2400); do curl -sf "http://127.0.0.1:$port/api/v2/buildinfo" >/dev/null 2>&1 && break; sleep 0.25; done
  export ATRIUM_TOKEN=$(cat "$work/token")
  for run in "first:--dry-run" "apply:--auto-approve" "nochange:--dry-run"; do
    (cd "$work/repo" && "$bin" reconcile --path state --server "http://127.0.0.1:$port" ${run#*:} --stats >/dev/null 2>"$work/${run%%:*}") || true
  done
  server=$(awk '/VmHWM/ {printf "%.1f", $2 / 1024}' "/proc/$pid/status")
  kill -INT $pid; wait $pid || true
  row="$size,$((size * 10)),$(seconds "$work/load"),$(mebibytes "$work/load")"
  for phase in first apply nochange; do row="$row,$(seconds "$work/$phase"),$(mebibytes "$work/$phase")"; done
  echo "$row,$server" >>"$csv"
  IFS=, read -r w g ls lm fs fm as am ns nm sm <<<"$row,$server"
  printf '%-11s %-10s %-16s %-16s %-16s %-16s %s\n' "$w" "$g" "$ls s $lm MiB" "$fs s $fm MiB" "$as s $am MiB" "$ns s $nm MiB" "$sm MiB"
  rm -rf "$work"
done

echo "targets (100,000): load + validate < 8 s and < 1 GiB; no-change dry-run < 10 s; memory linear in size"
python3 -c 'import matplotlib' 2>/dev/null || python3 -m pip install --quiet matplotlib 2>/dev/null \
  || python3 -m pip install --quiet --break-system-packages matplotlib 2>/dev/null || true
python3 - "$csv" "$out/scale.png" <<'PY' || echo "(no plot: matplotlib is not available)"
import csv, sys
import matplotlib
matplotlib.use("Agg")
import matplotlib.pyplot as plt
rows = list(csv.DictReader(open(sys.argv[1])))
sizes = [int(r["workspaces"]) for r in rows]
figure, (times, memory) = plt.subplots(1, 2, figsize=(11, 4.5))
for key, label in [("load_s", "load + validate"), ("first_dry_run_s", "first dry-run"), ("apply_s", "apply"), ("no_change_s", "no-change dry-run")]:
    times.plot(sizes, [float(r[key] or "nan") for r in rows], marker="o", label=label)
for key, label in [("load_mib", "load + validate"), ("apply_mib", "client, apply"), ("no_change_mib", "client, no-change"), ("server_mib", "server")]:
    memory.plot(sizes, [float(r[key] or "nan") for r in rows], marker="o", label=label)
for axis, title, unit in [(times, "time", "seconds"), (memory, "peak memory", "MiB")]:
    axis.set_xscale("log"); axis.set_yscale("log"); axis.set_xlabel("workspaces (10 grants each)"); axis.set_ylabel(unit)
    axis.set_title(f"Atrium at scale: {title}"); axis.grid(True, which="both", alpha=0.3); axis.legend()
figure.tight_layout()
figure.savefig(sys.argv[2], dpi=110)
print(f"plot: {sys.argv[2]}")
PY
