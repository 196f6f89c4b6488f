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
# bench_login BASE_URL EMAIL PASSWORD -> a session cookie value, signed in like a browser (login
# form with its CSRF cookie, then TOTP enrolment with oathtool). Exits on any unexpected answer.
bench_login() {
  local base=$1 email=$2 pw=$3 out csrf_cookie csrf session secret
  _cookie() { tr -d '\r' | awk -v n="$1" 'tolower($1) == "set-cookie:" && index($2, n "=") == 1 { v = substr($2, length(n) + 2); sub(/;.*/, "", v); print v }' | tail -n1; }
  _status() { head -n1 | awk '{ print $2 }'; }
  _csrf() { grep -o 'name="csrf" value="[^"]*"' | head -n1 | sed 's/.*value="//; s/"$//'; }
  out=$(curl -si "$base/connexion")
  csrf_cookie=$(_cookie __Host-jalon_csrf <<<"$out"); csrf=$(_csrf <<<"$out")
  [ -n "$csrf" ] && [ "$csrf" = "$csrf_cookie" ] || { echo "bench: no CSRF on /connexion" >&2; exit 1; }
  out=$(curl -si -H "Cookie: __Host-jalon_csrf=$csrf_cookie" --data-urlencode "email=$email" \
    --data-urlencode "password=$pw" --data-urlencode "csrf=$csrf" "$base/connexion")
  [ "$(_status <<<"$out")" = 303 ] || { echo "bench: POST /connexion for $email: $(_status <<<"$out")" >&2; exit 1; }
  session=$(_cookie __Host-jalon_session <<<"$out")
  out=$(curl -si -H "Cookie: __Host-jalon_session=$session" "$base/compte/mfa")
  secret=$(grep -o '<code id="totp-secret">[^<]*</code>' <<<"$out" | sed 's/<[^>]*>//g; s/ //g')
  csrf=$(_csrf <<<"$out")
  [ -n "$secret" ] && [ -n "$csrf" ] || { echo "bench: no TOTP enrolment for $email" >&2; exit 1; }
  out=$(curl -si -H "Cookie: __Host-jalon_session=$session" --data-urlencode "code=$(oathtool --totp -b "$secret")" \
    --data-urlencode "csrf=$csrf" "$base/compte/mfa")
  [ "$(_status <<<"$out")" = 200 ] || { echo "bench: POST /compte/mfa for $email: $(_status <<<"$out")" >&2; exit 1; }
  session=$(_cookie __Host-jalon_session <<<"$out")
  [ -n "$session" ] || { echo "bench: no session after MFA for $email" >&2; exit 1; }
  echo "$session"
}
# bench_ms 512.00us|1.20ms|1.01s -> milliseconds (wrk's latency units)
bench_ms() {
  awk -v v="$1" 'BEGIN { n=v+0; if (v ~ /us$/) n/=1000; else if (v ~ /ms$/) n=n; else if (v ~ /s$/) n*=1000; printf "%.2f", n }'
}
