#!/usr/bin/env bash
# Usage: compare_search.sh DATACAT_OUTPUT FTS5_OUTPUT — the side-by-side table of query
# latency (ms, all facets) per query kind: datacat (search_bench "<kind>/all_facets"
# lines), the FTS5 baseline ("<kind>/fts5" lines), and the ratios baseline/datacat
# (p50, and throughput from the mean latency of one thread).
set -euo pipefail
awk '
  function field(line, name,   m) { return match(line, name "=[0-9.e+-]+") ? substr(line, RSTART + length(name) + 1, RLENGTH - length(name) - 1) + 0 : 0 }
  FNR == NR && /\/all_facets/ { split($1, p, "/"); d50[p[1]] = field($0, "p50_ms"); d95[p[1]] = field($0, "p95_ms"); d99[p[1]] = field($0, "p99_ms"); dmean[p[1]] = field($0, "mean_ms"); kinds[p[1]] = 1; next }
  FNR != NR && /\/fts5/ { split($1, p, "/"); f50[p[1]] = field($0, "p50_ms"); f95[p[1]] = field($0, "p95_ms"); f99[p[1]] = field($0, "p99_ms"); fmean[p[1]] = field($0, "mean_ms") }
  END {
    printf "%-17s %28s %28s %8s %10s\n", "query kind", "datacat p50/p95/p99 ms", "fts5 p50/p95/p99 ms", "p50 x", "queries/s x"
    n = split("mixed single_word two_words phrase prefix field filters_only text_and_filters", order, " ")
    for (i = 1; i <= n; i++) {
      k = order[i]
      if (!(k in kinds)) continue
      printf "%-17s %9.2f %8.2f %9.2f %9.1f %8.1f %9.1f %8.0f %10.0f\n", k, d50[k], d95[k], d99[k], f50[k], f95[k], f99[k], (d50[k] > 0 ? f50[k] / d50[k] : 0), (dmean[k] > 0 ? fmean[k] / dmean[k] : 0)
    }
  }' "$1" "$2"
