#!/usr/bin/env bash
# The HTTP baseline: the same 300 queries against `fts5_bench serve` (SQLite FTS5 behind
# cpp-httplib, one connection and cached statements per worker thread), with wrk at 1, 8
# and 32 connections and /healthz at 32, exactly as bench/http_bench.sh runs datacat.
#   bench/http_fts5_bench.sh FTS5_DB QUERIES_NDJSON [SECONDS] [SERVER_THREADS]
set -euo pipefail
cd "$(dirname "$0")/.."
build=${BUILD_DIR:-build}
db=$1
queries=$2
seconds=${3:-20}
threads=${4:-32}
work=${BENCH_DIR:-/tmp/datacat-bench}
mkdir -p "$work"
"$build/fts5_bench" urls --queries "$queries" >"$work/fts5-urls.txt"
echo "/healthz" >"$work/healthz.txt"
"$build/fts5_bench" serve --db "$db" --port 0 --threads "$threads" >"$work/fts5-serve.out" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null; wait $server 2>/dev/null' EXIT
for _ in $(seq 1 100); do
  grep -q listening "$work/fts5-serve.out" 2>/dev/null && break
  sleep 0.1
done
url="http://127.0.0.1:$(sed -nE 's/.*:([0-9]+)$/\1/p' "$work/fts5-serve.out" | head -1)"
source bench/wrk_lib.sh
echo "== HTTP baseline (SQLite FTS5): $(wc -l <"$work/fts5-urls.txt") queries, server threads $threads, ${seconds}s per run"
wrk_table "$work/fts5-urls.txt" "$work/healthz.txt" "$seconds"
echo "server RSS after the runs: $(awk '/VmRSS/ {printf "%.0f", $2/1024}' "/proc/$server/status") MiB"
