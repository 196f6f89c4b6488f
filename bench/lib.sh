# What the HTTP benches (run.sh, caseload.sh) share; sourced, not run.
#   bench_dirs NAME   a scratch directory $work and a PostgreSQL directory $pgdir (its own: the
#                     postgres user must own it), both removed on exit, with the processes whose
#                     pids the bench adds to $pids and the PostgreSQL cluster it started there.
#   free_port         a free TCP port on 127.0.0.1.
#   wait_up URL       waits until URL answers (10 s), else exits.
bench_dirs() {
  work=$(mktemp -d "/tmp/$1-XXXXXX")
  pgdir=$(mktemp -d "/tmp/$1-pg-XXXXXX")
  pids=()
  trap bench_cleanup EXIT
}
bench_cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  wait 2>/dev/null || true
  scripts/pg-cluster.sh stop "$pgdir" >/dev/null 2>&1 || true
  rm -rf "$work" "$pgdir"
}
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
wait_up() { for _ in $(seq 100); do curl -sf "$1" >/dev/null && return 0; sleep 0.1; done; echo "server at $1 did not start" >&2; exit 1; }
