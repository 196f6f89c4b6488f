#!/usr/bin/env bash
# Outcomes bench (issue 18): the statistics page's rates over N exits (default 100 000) on
# SQLite, beside the same aggregation by DuckDB (npm @duckdb/node-api) over the same rows in the
# same run, and the XLSX export of a year of them (bench/outcomes_bench.cc, outcomes_duckdb.mjs).
# Usage: bench/outcomes.sh [exits, default 100000] [build preset, default release]
set -euo pipefail
cd "$(dirname "$0")/.."
n=${1:-100000}
preset=${2:-release}
cmake --preset "$preset" >/dev/null
cmake --build --preset "$preset" --target bench_outcomes -j 2 >/dev/null
work=$(mktemp -d /tmp/jalon-outcomes-bench-XXXXXX)
trap 'rm -rf "$work"' EXIT
echo "== SQLite ($preset build)"
"build/$preset/bench_outcomes" "$work" --exits "$n" --csv "$work/exits.csv"
echo "== DuckDB (same rows)"
node bench/outcomes_duckdb.mjs "$work/exits.csv"
