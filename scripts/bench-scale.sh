#!/usr/bin/env bash
# Benchmark: how Atrium scales, at 1,000, 10,000 and 100,000 workspaces with 10 grants each (100k ×
# 10 = 1M grants): load + validate, the first dry-run, the apply from an empty server (every
# workspace created, then its ACL patched), a no-change dry-run (each with the client's peak
# memory), and the server's peak heap (anonymous memory, sampled); release builds, SQLite,
# loopback, --parallelism auto. Prints a table, writes .build/bench/scale.csv and plots it to
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

printf '%-11s %-10s %-16s %-16s %-16s %-16s %s\n' workspaces grants "load+validate" "first dry-run" apply "no-change" "server heap peak"
for size in $sizes; do
  work=$(mktemp -d /tmp/atrium-bench-scale.XXXXXX)
  python3 scripts/gen-bench-repo.py "$work/repo" "$size" 10 --no-snapshots >/dev/null
  python3 scripts/gen-bench-seed.py "$work/seed.yaml" "$size" --no-workspaces >/dev/null
  (cd "$work/repo" && "$bin" validate --path state --stats >/dev/null 2>"$work/load") || true
  port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
  "$bin" serve --listen "127.0.0.1:$port" --database "sqlite:$work/server.db" --seed "$work/seed.yaml" --rate-limit 0 \
    --bootstrap-admin admin >"$work/token" 2>/dev/null &
  pid=$!
  # The server's peak of anonymous memory (its heap), sampled: VmHWM also counts the pages of the
  # database file that SQLite maps (up to 256 MiB a connection), which are the page cache's.
  (peak=0; while kill -0 $pid 2>/dev/null; do
     now=$(awk '/RssAnon/ {print $2}' "/proc/$pid/status" 2>/dev/null || echo 0)
     [ "${now:-0}" -gt "$peak" ] && peak=$now && echo "$peak" >"$work/server-anon"
     sleep 0.2; done) &
  for _ in $(seq 2400); do curl -sf "http://127.0.0.1:$port/api/v2/buildinfo" >/dev/null 2>&1 && break; sleep 0.25; done
  ATRIUM_TOKEN=$(cat "$work/token")
  export ATRIUM_TOKEN
  for run in "first:--dry-run" "apply:--auto-approve" "nochange:--dry-run"; do
    (cd "$work/repo" && "$bin" reconcile --path state --server "http://127.0.0.1:$port" ${run#*:} --stats >/dev/null 2>"$work/${run%%:*}") || true
  done
  server=$(awk '{printf "%.1f", $1 / 1024}' "$work/server-anon")
  kill -INT $pid; wait $pid || true
  row="$size,$((size * 10)),$(seconds "$work/load"),$(mebibytes "$work/load")"
  for phase in first apply nochange; do row="$row,$(seconds "$work/$phase"),$(mebibytes "$work/$phase")"; done
  echo "$row,$server" >>"$csv"
  IFS=, read -r w g ls lm fs fm as am ns nm sm <<<"$row,$server"
  printf '%-11s %-10s %-16s %-16s %-16s %-16s %s\n' "$w" "$g" "$ls s $lm MiB" "$fs s $fm MiB" "$as s $am MiB" "$ns s $nm MiB" "$sm MiB"
  rm -rf "$work"
done

python3 - "$csv" <<'PY' |
import csv, sys
rows = {int(r["workspaces"]): r for r in csv.DictReader(open(sys.argv[1]))}
def get(size, key):
    return rows.get(size, {}).get(key, "")
print("|".join(["load + validate 100k (1M grants)", get(100000, "load_s"), "<", "8", "s"]))
print("|".join(["load + validate 100k, peak memory", get(100000, "load_mib"), "<", "1024", "MiB"]))
print("|".join(["no-change dry-run 100k", get(100000, "no_change_s"), "<", "10", "s"]))
# Linear in size: no peak grows faster than the size, from 10,000 to 100,000 (at most 10x).
keys = ["load_mib", "first_dry_run_mib", "apply_mib", "no_change_mib", "server_mib"]
try:
    ratio = max(float(get(100000, k)) / float(get(10000, k)) for k in keys)
    print("|".join(["peak memory 10k -> 100k, the fastest-growing of client and server", f"{ratio:.1f}", "<=", "10", "x"]))
except ValueError:
    print("|".join(["peak memory 10k -> 100k, the fastest-growing of client and server", "", "<=", "10", "x"]))
PY
  # "|" between the fields: a tab is white space to `read`, which would merge an empty figure away.
  while IFS='|' read -r figure measured op target unit; do
    scripts/bench-verdict.py "$figure" "$measured" "$op" "$target" "$unit"
  done
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
for key, label in [("load_s", "load + validate"), ("first_dry_run_s", "first dry-run"), ("apply_s", "apply from empty"), ("no_change_s", "no-change dry-run")]:
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
