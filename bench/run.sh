#!/usr/bin/env bash
# Benchmarks on a generated catalog: import, reindex (time and peak RSS), index size,
# in-process search latency over a fixed mixed query set, with facets and without, and
# HTTP load with wrk (bench/http_bench.sh), with the server's result cache on and off.
# In the same run, the baseline a user might pick instead: SQLite FTS5 on the same corpus
# and queries (bench/fts5_bench.cc), with a side-by-side table and ratios.
#   bench/run.sh [SIZE...]        default: 100000
# Work files go to ${BENCH_DIR:-/tmp/datacat-bench}; results are printed and appended to
# $BENCH_DIR/results.txt.
set -euo pipefail
cd "$(dirname "$0")/.."
build=${BUILD_DIR:-build}
work=${BENCH_DIR:-/tmp/datacat-bench}
mkdir -p "$work"
sizes=("$@")
[ ${#sizes[@]} -eq 0 ] && sizes=(100000)
report() { echo "$*" | tee -a "$work/results.txt"; }

peak_and_time() {  # runs a command under /usr/bin/time; prints "seconds peak_mib"
  /usr/bin/time -f '%e %M' "$@" 2>"$work/time.txt" >"$work/out.txt" || { cat "$work/out.txt" "$work/time.txt"; exit 1; }
  tail -1 "$work/time.txt" | awk '{printf "%s %.0f\n", $1, $2/1024}'
}

for n in "${sizes[@]}"; do
  catalog="$work/catalog-$n.ndjson"
  queries="$work/queries-$n.ndjson"
  data="$work/data-$n"
  [ -f "$catalog" ] || "$build/datacat-gen" assets --count "$n" --seed 1 >"$catalog"
  "$build/datacat-gen" queries --count 300 --seed 2 --assets "$n" >"$queries"
  rm -rf "$data"
  report "== $n assets ($(date -u +%FT%TZ), $(nproc) cores)"
  read -r secs rss < <(peak_and_time "$build/datacat" import --data-dir "$data" "$catalog")
  report "import (store + rebuild): ${secs} s, $(awk -v n="$n" -v s="$secs" 'BEGIN{printf "%.0f", n/s}') assets/s, peak RSS ${rss} MiB"
  read -r secs rss < <(peak_and_time "$build/datacat" reindex --data-dir "$data")
  report "reindex: ${secs} s, $(awk -v n="$n" -v s="$secs" 'BEGIN{printf "%.0f", n/s}') assets/s, peak RSS ${rss} MiB"
  report "index size: $(du -sh "$data/index/" | cut -f1), catalog.db: $(du -sh "$data/catalog.db" | cut -f1)"
  "$build/search_bench" --data-dir "$data" --queries "$queries" --benchmark_format=console 2>/dev/null \
    | grep -E '^(mixed|field|filters|phrase|prefix|single|text|two)' \
    | sed -E 's/ +[0-9.]+ ms +[0-9.]+ ms +[0-9]+//' | tee "$work/datacat-search.txt" >>"$work/results.txt"
  # The baseline: SQLite FTS5, same catalog, same queries.
  read -r secs rss < <(peak_and_time "$build/fts5_bench" load --db "$work/fts5-$n.db" --catalog "$catalog")
  report "fts5 load (baseline): ${secs} s, $(awk -v n="$n" -v s="$secs" 'BEGIN{printf "%.0f", n/s}') assets/s, peak RSS ${rss} MiB, size $(du -sh "$work/fts5-$n.db" | cut -f1)"
  "$build/fts5_bench" query --db "$work/fts5-$n.db" --queries "$queries" >"$work/fts5-search.txt"
  cat "$work/fts5-search.txt" >>"$work/results.txt"
  bench/compare_search.sh "$work/datacat-search.txt" "$work/fts5-search.txt" | tee -a "$work/results.txt"
  bench/http_bench.sh "$data" 20 32 | tee -a "$work/results.txt"
  DATACAT_SEARCH_CACHE_MB=0 bench/http_bench.sh "$data" 20 32 | tee -a "$work/results.txt"
  bench/http_fts5_bench.sh "$work/fts5-$n.db" "$queries" 20 32 | tee -a "$work/results.txt"
done
