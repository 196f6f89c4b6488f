#!/usr/bin/env bash
# `make test`: build the Debug (ASan + UBSan) binary, start a throw-away PostgreSQL cluster,
# run the unit tests (ctest) and the integration + browser tests (Playwright) on both engines.
set -euo pipefail
cd "$(dirname "$0")/.."

declare -a timings=()
step() {  # step NAME COMMAND...
  local name=$1; shift
  local t0=$SECONDS
  echo "==> $name"
  "$@"
  timings+=("$name: $((SECONDS - t0)) s")
}

step "tools the suite calls" scripts/check-tools.sh
step "configure (debug)" cmake --preset debug
step "build (debug, ASan+UBSan)" cmake --build --preset debug
# `make run` and the benches use the Release build: -O2 brings warnings -O0 does not.
step "configure (release)" cmake --preset release
step "build (release)" cmake --build --preset release --target jalon bench_hello
step "release hardening (SR 59)" scripts/check-hardening.sh build/release/jalon

pgdir=$(mktemp -d /tmp/jalon-pg-XXXXXX)
cleanup() { scripts/pg-cluster.sh stop "$pgdir" || true; rm -rf "$pgdir"; }
trap cleanup EXIT
t0=$SECONDS
JALON_TEST_PG=$(scripts/pg-cluster.sh start "$pgdir")
timings+=("postgresql cluster start: $((SECONDS - t0)) s")
export JALON_TEST_PG JALON_TEST_REQUIRE_PG=1
export JALON_BIN="$PWD/build/debug/jalon"
export ASAN_OPTIONS=detect_leaks=1:abort_on_error=0 UBSAN_OPTIONS=print_stacktrace=1

step "unit tests (ctest, both engines)" ctest --preset debug -j2
step "integration + browser tests (Playwright, both engines)" npx playwright test

echo
echo "Timings:"
printf '  %s\n' "${timings[@]}"
