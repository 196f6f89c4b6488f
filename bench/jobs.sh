#!/usr/bin/env bash
# Jobs bench (issue 15): wait of a due job before it runs (p50/p99 over 1 000 jobs) and jobs/s
# of one runner, against an empty-job baseline measured in the same run (bench/jobs_bench.cc),
# on SQLite and on a throw-away PostgreSQL cluster.
# Usage: bench/jobs.sh [jobs, default 1000] [build preset, default release]
set -euo pipefail
cd "$(dirname "$0")/.."
n=${1:-1000}
preset=${2:-release}
cmake --preset "$preset" >/dev/null
cmake --build --preset "$preset" --target bench_jobs -j 2 >/dev/null
work=$(mktemp -d /tmp/jalon-jobs-bench-XXXXXX)
pgdir=$(mktemp -d /tmp/jalon-jobs-pg-XXXXXX)
trap 'scripts/pg-cluster.sh stop "$pgdir" >/dev/null 2>&1 || true; rm -rf "$work" "$pgdir"' EXIT
echo "== SQLite ($preset build)"
"build/$preset/bench_jobs" "$work" --jobs "$n"
url=$(scripts/pg-cluster.sh start "$pgdir")
psql "$url/postgres" -qAtc "CREATE DATABASE bench_jobs" >/dev/null
echo "== PostgreSQL ($preset build)"
"build/$preset/bench_jobs" "$work" --database "$url/bench_jobs" --jobs "$n"
