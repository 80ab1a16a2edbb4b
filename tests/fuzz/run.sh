#!/usr/bin/env bash
# Runs the libFuzzer harnesses for a bounded time each, over a copy of their seed corpus
# (tests/fuzz/corpus/<harness>/, never grown by a run), and prints a summary table.
#   tests/fuzz/run.sh BUILD_DIR SECONDS [HARNESS...]    (default: every harness)
# Exit status 1 when any harness found a crash, leak, timeout or failed invariant; the
# input and log are copied to BUILD_DIR/fuzz-findings/ (replay: BUILD_DIR/tests/fuzz/HARNESS
# FILE).
set -uo pipefail

if [[ $# -lt 2 ]]; then
  echo "usage: $0 BUILD_DIR SECONDS [HARNESS...]" >&2
  exit 2
fi
build_dir=$1
seconds=$2
shift 2
here=$(cd "$(dirname "$0")" && pwd)
harnesses=("$@")
if [[ ${#harnesses[@]} -eq 0 ]]; then
  harnesses=(fuzz_asset_json fuzz_ndjson fuzz_glue_import fuzz_query fuzz_glossary_csv fuzz_http)
fi

work=$(mktemp -d "${TMPDIR:-/tmp}/datacat-fuzz-run-XXXXXX")
trap 'rm -rf "$work"' EXIT
findings=$build_dir/fuzz-findings
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}

failed=0
rows=()
for name in "${harnesses[@]}"; do
  binary=$build_dir/tests/fuzz/$name
  if [[ ! -x $binary ]]; then
    echo "$name: $binary not built" >&2
    rows+=("$name|-|-|-|not built")
    failed=1
    continue
  fi
  mkdir -p "$work/$name/corpus" "$work/$name/artifacts" "$work/$name/tmp"
  cp "$here/corpus/$name/"* "$work/$name/corpus/"
  echo "== $name: ${seconds}s" >&2
  # The harnesses' own temporary data directories go under the run's directory too.
  TMPDIR=$work/$name/tmp "$binary" "$work/$name/corpus" \
    -max_total_time="$seconds" -timeout=10 -rss_limit_mb=4096 -print_final_stats=1 \
    -artifact_prefix="$work/$name/artifacts/" >"$work/$name/log" 2>&1
  status=$?
  execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$work/$name/log" | tail -1)
  rate=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$work/$name/log" | tail -1)
  cov=$(grep -ao 'cov: [0-9]*' "$work/$name/log" | tail -1 | cut -d' ' -f2)
  result=ok
  if [[ $status -ne 0 ]] || compgen -G "$work/$name/artifacts/*" >/dev/null; then
    result="FAILED (exit $status)"
    failed=1
    mkdir -p "$findings"
    for artifact in "$work/$name/artifacts/"*; do
      [[ -e $artifact ]] && cp "$artifact" "$findings/$name-$(basename "$artifact")"
    done
    cp "$work/$name/log" "$findings/$name.log"
    tail -n 60 "$work/$name/log" >&2
  fi
  rows+=("$name|${execs:--}|${rate:--}|${cov:--}|$result")
done

printf '\n%-20s %12s %8s %8s  %s\n' harness executions exec/s cov result
for row in "${rows[@]}"; do
  IFS='|' read -r name execs rate cov result <<<"$row"
  printf '%-20s %12s %8s %8s  %s\n' "$name" "$execs" "$rate" "$cov" "$result"
done
if [[ $failed -ne 0 ]]; then
  echo "findings (inputs and logs): $findings" >&2
fi
exit $failed
