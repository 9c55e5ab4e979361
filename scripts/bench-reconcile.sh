#!/usr/bin/env bash
# Benchmark: reconcile 1,000 and 10,000 workspaces with ~10 grants each (a generated repository and
# a seeded `atrium serve` on loopback, release builds): the first dry-run, the apply of every change,
# and a no-change dry-run; time, HTTP requests, client peak memory and how far --parallelism auto
# went, for each start in BENCH_START (default "empty seeded") and each --parallelism in
# BENCH_PARALLELISM (default "auto 8"), each on a fresh server.
# Targets on 2 cores: apply 10,000 workspaces / 100,000 grants from empty (10,000 creates and
# 10,000 ACL patches) < 10 s with auto; no-change dry-run of 10,000 < 1 s; client < 200 MiB.
#
# BENCH_RTT=20ms runs client and server in two network namespaces joined by a veth pair, with that
# round-trip time added by tc netem on the client's side (needs root, iproute2 and the kernel's
# sch_netem); the namespaces are removed afterwards. Where the kernel has no netem (this machine's:
# "Specified qdisc kind is unknown"), the server answers every request that much later instead
# (`atrium serve --response-delay`), which a client sees the same way: each request takes the round
# trip whatever else is in flight.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/bench-bin.sh
sizes=${BENCH_SIZES:-1000 10000}
parallelisms=${BENCH_PARALLELISM:-auto 8}
# Where each run starts: "empty" (users, groups and the template; the apply creates every
# workspace and then patches its ACL, two writes a workspace) or "seeded" (the workspaces exist;
# one ACL patch each).
starts=${BENCH_START:-empty seeded}
netem=${BENCH_RTT:-}
# BENCH_PORTS=1: the Config keeps prune.ports at its default (true), so every plan also reads
# each workspace's port shares (Coder has no listing of them: one request per workspace), and the
# dry-runs read each workspace's build parameters too (--check-parameters: one more each).
# Without it the Config writes prune.ports: false, and nothing is read per workspace.
# Target on 2 cores: the 10k no-change dry-run with ports and parameters read <= 3 s on loopback.
ports_flag=()
read_flags=()
[ -n "${BENCH_PORTS:-}" ] && ports_flag=(--prune-ports) && read_flags=(--check-parameters)

host=127.0.0.1
# Prefixes that run a command in the server's or the client's namespace (nothing on loopback);
# arrays, not functions, so that `$!` is the server itself and `kill` reaches it.
server_ns=()
client_ns=()
delay_flag=()
if [ -n "$netem" ] && ! { ip link add "probe$$" type dummy 2>/dev/null && tc qdisc add dev "probe$$" root netem delay 1ms 2>/dev/null; }; then
  ip link del "probe$$" 2>/dev/null || true
  echo "== network: no netem in this kernel; the server answers every request ${netem} late (--response-delay) =="
  delay_flag=(--response-delay "${netem%ms}")
  netem=
fi
ip link del "probe$$" 2>/dev/null || true
if [ -n "$netem" ]; then
  ns=atrium-bench-$$
  ip netns add "$ns-s"; ip netns add "$ns-c"
  trap 'ip netns del "$ns-s" 2>/dev/null || true; ip netns del "$ns-c" 2>/dev/null || true' EXIT
  ip link add "v$$s" type veth peer name "v$$c"
  ip link set "v$$s" netns "$ns-s"; ip link set "v$$c" netns "$ns-c"
  ip -n "$ns-s" addr add 10.77.0.1/24 dev "v$$s"; ip -n "$ns-c" addr add 10.77.0.2/24 dev "v$$c"
  for side in s c; do ip -n "$ns-$side" link set "v$$$side" up; ip -n "$ns-$side" link set lo up; done
  ip netns exec "$ns-c" tc qdisc add dev "v$$c" root netem delay "$netem"
  host=10.77.0.1
  server_ns=(ip netns exec "$ns-s")
  client_ns=(ip netns exec "$ns-c")
  echo "== network: two namespaces, $netem round trip added by netem =="
fi

declare -A seconds peaks
# The start the verdicts are taken from: the first of BENCH_START.
primary=${starts%% *}
for size in $sizes; do
  for origin in $starts; do
    for parallelism in $parallelisms; do
      work=$(mktemp -d /tmp/atrium-bench-reconcile.XXXXXX)
      python3 scripts/gen-bench-repo.py "$work/repo" "$size" 10 --no-snapshots ${ports_flag[@]+"${ports_flag[@]}"} >/dev/null
      if [ "$origin" = empty ]; then
        mapfile -t seeds < <(python3 scripts/gen-bench-seed.py "$work/seed.yaml" "$size" --no-workspaces)
        what="from empty: $size creates + $size ACL patches"
      else
        mapfile -t seeds < <(python3 scripts/gen-bench-seed.py "$work/seed.yaml" "$size")
        what="the workspaces seeded: $size ACL patches"
      fi
      seed_flags=()
      for seed in "${seeds[@]}"; do seed_flags+=(--seed "$seed"); done
      port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
      ${server_ns[@]+"${server_ns[@]}"} "$bin" serve --listen "$host:$port" --database "sqlite:$work/server.db" "${seed_flags[@]}" --rate-limit 0 \
        ${delay_flag[@]+"${delay_flag[@]}"} --bootstrap-admin admin >"$work/token" 2>/dev/null &
      pid=$!
      for _ in $(seq 1200); do ${client_ns[@]+"${client_ns[@]}"} curl -sf "http://$host:$port/api/v2/buildinfo" >/dev/null 2>&1 && break; sleep 0.25; done
      ATRIUM_TOKEN=$(cat "$work/token")
      export ATRIUM_TOKEN
      echo "== $size workspaces, $((size * 10)) grants, $what, --parallelism $parallelism${BENCH_PORTS:+, port shares and parameters read} =="
      # The no-change dry-run three times, its verdict taken from the median: one run of a few
      # seconds moves with whatever else the machine does in that moment.
      nochange=()
      for run in "first dry-run:--dry-run" "apply:--auto-approve" "no-change dry-run:--dry-run" \
        "no-change dry-run:--dry-run" "no-change dry-run:--dry-run"; do
        label=${run%%:*}
        flag=${run#*:}
        start=$(date +%s.%N)
        extra=()
        [ "$flag" = --dry-run ] && extra=(${read_flags[@]+"${read_flags[@]}"})
        (cd "$work/repo" && ${client_ns[@]+"${client_ns[@]}"} "$bin" reconcile --path state --server "http://$host:$port" --parallelism "$parallelism" $flag ${extra[@]+"${extra[@]}"} --stats \
          >/dev/null 2>"$work/stats") || true
        end=$(date +%s.%N)
        elapsed=$(python3 -c "print(f'{$end - $start:.2f}')")
        printf '  %-18s %6s s   %s\n' "$label" "$elapsed" "$(grep '^stats:' "$work/stats" | sed 's/^stats: //' | paste -sd ';' -)"
        seconds["$size $origin $parallelism $label"]=$elapsed
        [ "$label" = "no-change dry-run" ] && nochange+=("$elapsed")
        peak=$(grep -o 'peak memory [0-9.]* MiB' "$work/stats" | awk '{print $3}')
        peaks["$size $origin $parallelism"]=$(printf '%s\n' "${peaks["$size $origin $parallelism"]:-0}" "${peak:-0}" | sort -n | tail -1)
      done
      median=$(printf '%s\n' "${nochange[@]}" | sort -n | sed -n 2p)
      printf '  %-18s %6s s   (%s)\n' "no-change median" "$median" "${nochange[*]}"
      seconds["$size $origin $parallelism no-change dry-run"]=$median
      kill -INT $pid; wait $pid || true
      rm -rf "$work"
    done
  done
  if [ "$size" = 10000 ] && [ -z "${BENCH_RTT:-}" ] && [ -z "${BENCH_PORTS:-}" ] && [[ " $parallelisms " == *" auto "* ]]; then
    scripts/bench-verdict.py "reconcile 10k/100k grants: apply $([ "$primary" = empty ] && echo "from empty (20,000 writes)" || echo "to seeded workspaces"), auto" \
      "${seconds["10000 $primary auto apply"]:-}" "<" 10 s
    scripts/bench-verdict.py "reconcile 10k: no-change dry-run (median of 3), auto" "${seconds["10000 $primary auto no-change dry-run"]:-}" "<" 1.0 s
    scripts/bench-verdict.py "reconcile 10k: client peak memory, auto" "${peaks["10000 $primary auto"]:-}" "<" 200 MiB
  fi
done
if [ -n "${BENCH_PORTS:-}" ] && [ -z "${BENCH_RTT:-}" ] && [[ " $sizes " == *" 10000 "* && " $parallelisms " == *" auto "* ]]; then
  scripts/bench-verdict.py "reconcile 10k: no-change dry-run reading port shares and parameters (median of 3), auto" \
    "${seconds["10000 $primary auto no-change dry-run"]:-}" "<=" 3.0 s
fi
if [ -n "${BENCH_RTT:-}" ] && [[ " $parallelisms " == *" auto "* && " $parallelisms " == *" 1 "* ]]; then
  for size in $sizes; do
    ratio=$(python3 -c "print(f'{${seconds["$size $primary 1 apply"]} / ${seconds["$size $primary auto apply"]}:.1f}')")
    scripts/bench-verdict.py "slow link ($BENCH_RTT), $size workspaces: apply with --parallelism 1 / auto" "$ratio" ">=" 10 "x"
  done
fi
