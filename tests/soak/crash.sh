#!/usr/bin/env bash
# Crash soak (issue 23, SR 52): the crash drill of tests/integration/reliability.spec.mjs with
# 200 rounds (JALON_CRASH_ROUNDS to change it) on SQLite and, when JALON_TEST_PG is set (or
# --pg starts a throw-away cluster), on PostgreSQL. Not part of `make test`.
#   tests/soak/crash.sh [--pg] [ROUNDS]
set -euo pipefail
cd "$(dirname "$0")/../.."
pg_dir=""
if [[ "${1:-}" == "--pg" ]]; then
  shift
  pg_dir=$(mktemp -d /tmp/jalon-soak-pg-XXXX)
  JALON_TEST_PG=$(scripts/pg-cluster.sh start "$pg_dir")
  export JALON_TEST_PG
  trap 'scripts/pg-cluster.sh stop "$pg_dir"' EXIT
fi
export JALON_CRASH_ROUNDS="${1:-${JALON_CRASH_ROUNDS:-200}}"
export JALON_BIN="${JALON_BIN:-$PWD/build/debug/jalon}"
# One round takes about 3 s on a loaded 2-core machine: give each engine 15 s per round.
timeout_ms=$((JALON_CRASH_ROUNDS * 15000 + 120000))
npx playwright test tests/integration/reliability.spec.mjs -g 'crash:' --workers 1 \
  --timeout "$timeout_ms" --reporter=list
