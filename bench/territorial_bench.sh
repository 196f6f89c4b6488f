#!/usr/bin/env bash
# Territory diagnosis bench (issue 7): time to compute the dashboard (indicators + figures) of the
# bassin of Voiron, the Isère and France, on SQLite and on a throw-away PostgreSQL cluster, each
# beside a full scan of the BMO table measured in the same run (bench/territorial_bench.cc).
# Usage: bench/territorial_bench.sh [iterations, default 20]
set -euo pipefail
cd "$(dirname "$0")/.."
iterations=${1:-20}
cmake --preset release >/dev/null
cmake --build --preset release --target bench_territorial -j 2 >/dev/null
pgdir=$(mktemp -d /tmp/jalon-terr-pg-XXXXXX)
trap 'scripts/pg-cluster.sh stop "$pgdir" >/dev/null 2>&1 || true; rm -rf "$pgdir"' EXIT
echo "== SQLite"
build/release/bench_territorial data --iterations "$iterations"
url=$(scripts/pg-cluster.sh start "$pgdir")
psql "$url/postgres" -qAtc "CREATE DATABASE bench_territorial" >/dev/null
echo "== PostgreSQL"
build/release/bench_territorial data --database "$url/bench_territorial" --iterations "$iterations"
