# Shared by bench/http_bench.sh and bench/http_fts5_bench.sh (source it; needs $url, $work).
# wrk_run URLS CONNECTIONS SECONDS: one wrk run cycling through the paths in URLS; prints
# "requests/s p50 p99 errors".
wrk_run() {
  local wrk_threads=$(( $2 < 2 ? 1 : 2 ))
  DATACAT_URLS="$1" wrk -t"$wrk_threads" -c"$2" -d"${3}s" --latency -s bench/wrk_urls.lua "$url" \
    >"$work/wrk.txt"
  awk '
    /Requests\/sec/ { rps = $2 }
    $1 == "50%" { p50 = $2 }
    $1 == "99%" { p99 = $2 }
    /Non-2xx/ { errors += $NF }
    /Socket errors/ { for (i = 3; i <= NF; i++) errors += $i + 0 }
    END { printf "%s %s %s %d\n", rps, p50, p99, errors }' "$work/wrk.txt"
}

# wrk_table URLS HEALTHZ_URLS SECONDS: the search URLs at 1, 8 and 32 connections, then the
# health path at 32 (the server's own ceiling, measured in the same run).
wrk_table() {
  wrk_run "$1" 8 5 >/dev/null  # warm the page cache and the term caches
  printf "%-28s %12s %10s %10s %8s\n" "run" "requests/s" "p50" "p99" "errors"
  local rps p50 p99 errors connections
  for connections in 1 8 32; do
    read -r rps p50 p99 errors < <(wrk_run "$1" "$connections" "$3")
    printf "%-28s %12s %10s %10s %8s\n" "search, $connections connections" "$rps" "$p50" "$p99" "$errors"
  done
  read -r rps p50 p99 errors < <(wrk_run "$2" 32 "$3")
  printf "%-28s %12s %10s %10s %8s\n" "healthz (baseline), 32" "$rps" "$p50" "$p99" "$errors"
}
