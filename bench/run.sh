#!/usr/bin/env bash
# HTTP benchmark of the foundation. Prints requests/s and p50/p99 latency (wrk, loopback) for
#   - the ceiling: a bare RESTinio hello-world (bench/hello_restinio.cc), same threads;
#   - Jalon's /healthz (pipeline + one store read);
#   - Jalon's home page / (pipeline + one row read + templates);
# on SQLite and on a throw-away PostgreSQL cluster, each as a ratio of the ceiling measured in
# the same run. Usage: bench/run.sh [seconds per measure, default 10]
set -euo pipefail
cd "$(dirname "$0")/.."
secs=${1:-${BENCH_SECONDS:-10}}
conns=${BENCH_CONNECTIONS:-64}
threads=${BENCH_SERVER_THREADS:-8}

cmake --preset release >/dev/null
cmake --build --preset release --target jalon bench_hello >/dev/null
bin=build/release
source bench/lib.sh
bench_dirs jalon-bench

# measure NAME URL -> "rps p50_ms p99_ms"
measure() {
  wrk -t2 -c"$conns" -d2s "$2" >/dev/null  # warm-up
  local out; out=$(wrk -t2 -c"$conns" -d"${secs}s" --latency "$2")
  local rps p50 p99
  rps=$(awk '/^Requests\/sec/ {print $2}' <<<"$out")
  p50=$(awk '$1=="50%" {print $2}' <<<"$out")
  p99=$(awk '$1=="99%" {print $2}' <<<"$out")
  local errs; errs=$(awk '/Non-2xx|Socket errors/ {print}' <<<"$out")
  [ -z "$errs" ] || echo "  warning ($1): $errs" >&2
  echo "$rps $(to_ms "$p50") $(to_ms "$p99")"
}
to_ms() {  # wrk prints 512.00us / 1.20ms / 1.01s
  awk -v v="$1" 'BEGIN { n=v+0; if (v ~ /us$/) n/=1000; else if (v ~ /ms$/) n=n; else if (v ~ /s$/) n*=1000; printf "%.2f", n }'
}

hp=$(free_port); "$bin/bench_hello" "$hp" "$threads" & pids+=($!)
wait_up "http://127.0.0.1:$hp/"

sp=$(free_port)
"$bin/jalon" serve --data-dir "$work/sqlite" --listen "127.0.0.1:$sp" --threads "$threads" --no-access-log >/dev/null 2>"$work/sqlite.log" & pids+=($!)
wait_up "http://127.0.0.1:$sp/healthz"

pgurl=$(scripts/pg-cluster.sh start "$pgdir")
psql "$pgurl/postgres" -qAtc "CREATE DATABASE bench"
pp=$(free_port)
"$bin/jalon" serve --data-dir "$work/pgdata" --database "$pgurl/bench" --listen "127.0.0.1:$pp" --threads "$threads" --no-access-log >/dev/null 2>"$work/pg.log" & pids+=($!)
wait_up "http://127.0.0.1:$pp/healthz"

echo "wrk -t2 -c$conns -d${secs}s, server threads $threads, $(nproc) cores, $(date -u +%FT%TZ)"
printf '%-34s %10s %9s %9s %8s\n' "measure" "req/s" "p50 ms" "p99 ms" "ratio"
read -r c_rps c50 c99 < <(measure ceiling "http://127.0.0.1:$hp/")
printf '%-34s %10.0f %9s %9s %8s\n' "RESTinio hello-world (ceiling)" "$c_rps" "$c50" "$c99" "1.00"
row() {
  read -r rps p50 p99 < <(measure "$1" "$2")
  printf '%-34s %10.0f %9s %9s %8.2f\n' "$1" "$rps" "$p50" "$p99" "$(awk -v a="$rps" -v b="$c_rps" 'BEGIN{print a/b}')"
}
row "sqlite /healthz" "http://127.0.0.1:$sp/healthz"
row "sqlite / (one row + templates)" "http://127.0.0.1:$sp/"
row "postgresql /healthz" "http://127.0.0.1:$pp/healthz"
row "postgresql / (one row + templates)" "http://127.0.0.1:$pp/"
read -r c2 c250 c299 < <(measure ceiling "http://127.0.0.1:$hp/")
printf '%-34s %10.0f %9s %9s %8.2f\n' "ceiling again (drift check)" "$c2" "$c250" "$c299" "$(awk -v a="$c2" -v b="$c_rps" 'BEGIN{print a/b}')"
