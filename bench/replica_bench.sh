#!/usr/bin/env bash
# Read replicas (docs/scaling.md) on this machine: replication lag (write acknowledged on
# the primary -> found by a search on each replica) and the read throughput of 1, 2 and 3
# replicas, with the primary alone as the baseline measured in the same run. Every server
# is a separate `datacat serve` process on loopback; the result caches are off, so each
# search is computed. All of them and wrk share this machine's cores: replicas are meant
# for other machines, and here they compete for the same CPU (see docs/scaling.md).
#   bench/replica_bench.sh [ASSETS] [SECONDS]      default: 20000 assets, 10 s per run
set -euo pipefail
cd "$(dirname "$0")/.."
build=${BUILD_DIR:-build}
work=${BENCH_DIR:-/tmp/datacat-bench}/replicas
assets=${1:-20000}
seconds=${2:-10}
connections=8  # wrk connections per server
rm -rf "$work"
mkdir -p "$work"

"$build/datacat-gen" assets --count "$assets" --seed 1 >"$work/catalog.ndjson"
"$build/datacat" import --data-dir "$work/primary" "$work/catalog.ndjson" >/dev/null
token=$("$build/datacat" token create --data-dir "$work/primary" --user bench --admin | head -1)
"$build/datacat-gen" queries --count 300 --seed 2 --assets "$assets" --urls >"$work/urls.txt"

pids=()
trap 'kill "${pids[@]}" 2>/dev/null; wait 2>/dev/null' EXIT
# start NAME ARGS...: a server on a free port; sets $port.
start() {
  local name=$1
  shift
  DATACAT_ACCESS_LOG="" DATACAT_SEARCH_CACHE_MB=0 "$build/datacat" serve --port 0 --threads 16 \
    "$@" >"$work/$name.out" 2>"$work/$name.err" &
  pids+=($!)
  for _ in $(seq 1 600); do
    grep -q listening "$work/$name.out" 2>/dev/null && break
    sleep 0.1
  done
  port=$(sed -nE 's/^datacat listening on .*:([0-9]+)$/\1/p' "$work/$name.out")
}
# A replication port nobody listens on.
replication_port=$(( 20000 + RANDOM % 20000 ))
while ss -ltn | grep -q ":$replication_port "; do replication_port=$(( replication_port + 1 )); done

start primary --data-dir "$work/primary" --replication-port "$replication_port"
primary="http://127.0.0.1:$port"
replicas=()
for i in 1 2 3; do
  start "replica$i" --data-dir "$work/replica$i" --replica-of "$primary"
  replicas+=("http://127.0.0.1:$port")
done
for r in "${replicas[@]}"; do  # wait for each first copy
  for _ in $(seq 1 600); do
    curl -fs "$r/readyz" >/dev/null 2>&1 && break
    sleep 0.1
  done
done

echo "== read replicas: $assets assets, $(nproc) cores, $(date -u +%FT%TZ)"
echo "-- replication lag, 50 writes"
"$build/replica_lag_bench" "$token" 50 "$primary" "${replicas[@]}"

# wrk_sum URL...: wrk on every URL at once ($connections each); prints the summed
# requests/s, the worst p50 and the non-2xx + socket errors.
wrk_sum() {
  local i=0 url runs=()
  for url in "$@"; do
    DATACAT_URLS="$work/urls.txt" wrk -t1 -c"$connections" -d"${seconds}s" --latency \
      -s bench/wrk_urls.lua "$url" >"$work/wrk-$i.txt" &
    runs+=($!)
    i=$((i + 1))
  done
  wait "${runs[@]}"
  cat "$work"/wrk-*.txt | awk '
    /Requests\/sec/ { rps += $2 }
    $1 == "50%" { if ($2 > p50) p50 = $2 }
    /Non-2xx/ { errors += $NF }
    /Socket errors/ { for (i = 3; i <= NF; i++) errors += $i + 0 }
    END { printf "%.0f %s %d\n", rps, p50, errors }'
  rm -f "$work"/wrk-*.txt
}

echo "-- uncached search throughput, $connections connections per server, ${seconds}s per run"
wrk_sum "$primary" >/dev/null  # warm the page cache
printf "%-30s %12s %10s %8s %8s\n" "servers searched" "requests/s" "ratio" "p50" "errors"
read -r base p50 errors < <(wrk_sum "$primary")
printf "%-30s %12s %10s %8s %8s\n" "primary alone (baseline)" "$base" "1.00" "$p50" "$errors"
for k in 1 2 3; do
  read -r rps p50 errors < <(wrk_sum "${replicas[@]:0:$k}")
  printf "%-30s %12s %10s %8s %8s\n" "$k replica(s)" "$rps" \
    "$(awk -v a="$rps" -v b="$base" 'BEGIN{printf "%.2f", a/b}')" "$p50" "$errors"
done

# The same with each server pinned to one core (taskset): what replicas on separate
# machines would add, as far as two cores can show it. wrk is not pinned.
if [ "$(nproc)" -ge 2 ]; then
  echo "-- the same, each server pinned to one core"
  pin() { taskset -apc "$1" "$2" >/dev/null; }
  pin 0 "${pids[0]}"
  pin 0 "${pids[1]}"
  pin 1 "${pids[2]}"
  printf "%-30s %12s %10s %8s %8s\n" "servers searched" "requests/s" "ratio" "p50" "errors"
  read -r base p50 errors < <(wrk_sum "$primary")
  printf "%-30s %12s %10s %8s %8s\n" "primary alone, core 0" "$base" "1.00" "$p50" "$errors"
  read -r rps p50 errors < <(wrk_sum "${replicas[0]}")
  printf "%-30s %12s %10s %8s %8s\n" "1 replica, core 0" "$rps" \
    "$(awk -v a="$rps" -v b="$base" 'BEGIN{printf "%.2f", a/b}')" "$p50" "$errors"
  read -r rps p50 errors < <(wrk_sum "${replicas[@]:0:2}")
  printf "%-30s %12s %10s %8s %8s\n" "2 replicas, cores 0 and 1" "$rps" \
    "$(awk -v a="$rps" -v b="$base" 'BEGIN{printf "%.2f", a/b}')" "$p50" "$errors"
fi
