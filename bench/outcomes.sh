#!/usr/bin/env bash
# Outcomes bench (issue 18): the statistics page's rates over N exits (default 100 000) on
# SQLite, beside the same aggregation by DuckDB (npm @duckdb/node-api) over the same rows in the
# same run, and the XLSX export of 50 000 of them (bench/outcomes_bench.cc, outcomes_duckdb.mjs);
# then the same on a throw-away PostgreSQL cluster. Prints the ratios to DuckDB and checks that
# both engines find the same figures.
# Usage: bench/outcomes.sh [exits, default 100000] [build preset, default release] [--no-pg]
set -euo pipefail
cd "$(dirname "$0")/.."
n=${1:-100000}
preset=${2:-release}
pg=${3:-}
cmake --preset "$preset" >/dev/null
cmake --build --preset "$preset" --target bench_outcomes -j 2 >/dev/null
source bench/lib.sh
bench_dirs jalon-outcomes-bench
echo "== SQLite ($preset build)"
"build/$preset/bench_outcomes" "$work/sqlite" --exits "$n" --csv "$work/exits.csv" | tee "$work/sqlite.out"
echo "== DuckDB (same rows)"
node bench/outcomes_duckdb.mjs "$work/exits.csv" | tee "$work/duckdb.out"
# ratio FILE PATTERN -> the computed time of the line matching PATTERN
ms() { awk -v p="$2" 'index($0, p) == 1 { for (i = 1; i <= NF; i++) if ($(i+1) ~ /^ms/) { print $i; exit } }' "$1"; }
check() {  # check ENGINE FILE
  local a b
  a=$(grep '^figures:' "$2"); b=$(grep '^figures:' "$work/duckdb.out")
  if [ "$a" = "$b" ]; then echo "$1 and DuckDB find the same figures"; else echo "FIGURES DIFFER: $1 $a / DuckDB $b"; fi
  for what in "rates over" "rates by year"; do
    awk -v e="$1" -v w="$what" -v x="$(ms "$2" "$what")" -v y="$(ms "$work/duckdb.out" "duckdb: $what")" \
      'BEGIN { printf "%s %s: %.1f ms, DuckDB %.1f ms, ratio %.2f (target <= 2)\n", e, w, x, y, x / y }'
  done
}
check SQLite "$work/sqlite.out"
[ "$pg" = "--no-pg" ] && exit 0
echo "== PostgreSQL"
pgurl=$(scripts/pg-cluster.sh start "$pgdir")
psql "$pgurl/postgres" -qAtc "CREATE DATABASE bench"
"build/$preset/bench_outcomes" "$work/pg" --exits "$n" --database "$pgurl/bench" | tee "$work/pg.out"
check PostgreSQL "$work/pg.out"
