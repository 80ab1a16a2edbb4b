#!/usr/bin/env bash
# HTTP load on `datacat serve` with wrk: the mixed search query set (bench/search_bench's,
# as GET /api/v1/search URLs) at 1, 8 and 32 connections, and /healthz at 32 connections
# as the baseline (the server's own ceiling on this machine, measured in the same run).
#   bench/http_bench.sh DATA_DIR [SECONDS] [SERVER_THREADS]
# DATA_DIR must hold an imported catalog (bench/run.sh makes them). wrk runs on the same
# machine and takes CPU from the server: the figures are a floor. The server's result
# cache is on unless DATACAT_SEARCH_CACHE_MB=0 is set (the query set repeats, so with
# the cache most answers after the first pass are lookups; measure both).
set -euo pipefail
cd "$(dirname "$0")/.."
build=${BUILD_DIR:-build}
data=$1
seconds=${2:-20}
threads=${3:-32}
work=${BENCH_DIR:-/tmp/datacat-bench}
mkdir -p "$work"
count=$("$build/datacat" search --data-dir "$data" --json "" --per-page 1 |
        sed -nE 's/^ *"total": ([0-9]+),?$/\1/p')
"$build/datacat-gen" queries --count 300 --seed 2 --assets "$count" --urls >"$work/urls.txt"
echo "/healthz" >"$work/healthz.txt"

DATACAT_ACCESS_LOG="" "$build/datacat" serve --data-dir "$data" --port 0 \
  --threads "$threads" >"$work/serve.out" 2>"$work/serve.err" &
server=$!
trap 'kill $server 2>/dev/null; wait $server 2>/dev/null' EXIT
for _ in $(seq 1 600); do
  grep -q listening "$work/serve.out" 2>/dev/null && break
  sleep 0.1
done
port=$(sed -nE 's/.*:([0-9]+)$/\1/p' "$work/serve.out" | head -1)
url="http://127.0.0.1:$port"
rss() { awk '/VmRSS/ {printf "%.0f", $2/1024}' "/proc/$server/status"; }

source bench/wrk_lib.sh

echo "== HTTP: $count assets, server threads $threads, ${seconds}s per run, $(nproc) cores," \
  "result cache ${DATACAT_SEARCH_CACHE_MB:-64} MB"
wrk_table "$work/urls.txt" "$work/healthz.txt" "$seconds"
echo "server RSS after the runs: $(rss) MiB"
