#!/usr/bin/env bash
# Benchmark of the counselor's daily screens (issue 5, "Bench"), authenticated, audit included:
#   - the caseload page GET /beneficiaires (first page of 25 rows, sorted by name);
#   - a record page GET /beneficiaires/{id}, rotating over ~50 people of the counselor's caseload;
# on a store of 50 000 synthetic beneficiaries (`jalon demo`), on SQLite and on a throw-away
# PostgreSQL cluster, as a ratio of the bare RESTinio hello-world ceiling measured in the same run
# (before and after, as a drift check). The counselor signs in like a browser (login form, CSRF,
# TOTP enrolment with oathtool) and wrk sends the session cookie. Any 4xx/5xx response (wrk's
# "Non-2xx or 3xx" count), socket error (incl. responses slower than wrk's --timeout, 30 s here),
# run where no request completed, or sign of redirects (a page answering other than 200 before or
# after its measure, responses far smaller than the page) fails the bench, loudly, exit status 1.
# Prints the audit_log rows written during the run on each engine. Between measures it waits for
# the server (and PostgreSQL backends) to go idle, so a slow page's abandoned backlog is not
# charged to the next measure. PostgreSQL gets a VACUUM ANALYZE after the demo (what autovacuum
# would do within minutes anyway), so its plans do not change mid-run.
# Usage: bench/caseload.sh [seconds per measure, default 10]
# Environment: BENCH_SECONDS, BENCH_CONNECTIONS (64), BENCH_SERVER_THREADS (8),
#              BENCH_BENEFICIARIES (50000), BENCH_WRK_TIMEOUT (30s),
#              BENCH_TOP=1 (print a `top` snapshot in the middle of each measure).
set -euo pipefail
cd "$(dirname "$0")/.."
secs=${1:-${BENCH_SECONDS:-10}}
conns=${BENCH_CONNECTIONS:-64}
threads=${BENCH_SERVER_THREADS:-8}
people=${BENCH_BENEFICIARIES:-50000}
counselor=conseiller1@demo-voiron.jalon.test

for tool in wrk curl oathtool sqlite3 psql python3; do
  command -v "$tool" >/dev/null || { echo "bench: $tool is required" >&2; exit 1; }
done

cmake --preset release >/dev/null
cmake --build --preset release --target jalon bench_hello -j 2 >/dev/null  # 2 cores, shared
bin=build/release
source bench/lib.sh
bench_dirs jalon-caseload
trap 'exit 130' INT TERM

now() { date +%s.%N; }
since() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.1f", b - a }'; }
die() { echo "bench: $*" >&2; exit 1; }

# ---- stores -------------------------------------------------------------------------------
# demo NAME DATA_DIR [--database URL] -> the counselor's password; timings in $work/NAME.demo
demo() {
  local name=$1; shift
  local t0; t0=$(now)
  "$bin/jalon" demo "$@" --beneficiaries "$people" >"$work/$name.demo" 2>"$work/$name.demo.err" ||
    { cat "$work/$name.demo.err" >&2; die "jalon demo failed on $name"; }
  echo "wall $(since "$t0") s" >>"$work/$name.demo"
  awk -v e="$counselor" '$1 == e { print $NF }' "$work/$name.demo"
}
demo_line() {  # "50000 personnes …, 1234567 lignes, en 12.3 s. (wall 13.0 s)"
  echo "$(grep -m1 'personnes accompagnées' "$work/$1.demo") ($(tail -n1 "$work/$1.demo"))"
}

echo "generating $people beneficiaries on SQLite…" >&2
sqlite_pw=$(demo sqlite --data-dir "$work/sqlite")
[ -n "$sqlite_pw" ] || die "no password for $counselor in the SQLite demo output"
echo "  $(demo_line sqlite)" >&2

pgurl=$(scripts/pg-cluster.sh start "$pgdir")
psql "$pgurl/postgres" -qAtc "CREATE DATABASE bench"
echo "generating $people beneficiaries on PostgreSQL…" >&2
pg_pw=$(demo pg --data-dir "$work/pgdata" --database "$pgurl/bench")
[ -n "$pg_pw" ] || die "no password for $counselor in the PostgreSQL demo output"
psql "$pgurl/bench" -qAtc "VACUUM ANALYZE"
echo "  $(demo_line pg)" >&2

# ---- servers --------------------------------------------------------------------------------
hp=$(free_port); "$bin/bench_hello" "$hp" "$threads" >/dev/null & pids+=($!)
wait_up "http://127.0.0.1:$hp/"
sp=$(free_port)
"$bin/jalon" serve --data-dir "$work/sqlite" --listen "127.0.0.1:$sp" --threads "$threads" \
  --no-access-log >/dev/null 2>"$work/sqlite.log" & sqlite_pid=$!; pids+=($sqlite_pid)
wait_up "http://127.0.0.1:$sp/healthz"
pp=$(free_port)
"$bin/jalon" serve --data-dir "$work/pgdata" --database "$pgurl/bench" --listen "127.0.0.1:$pp" \
  --threads "$threads" --no-access-log >/dev/null 2>"$work/pg.log" & pg_pid=$!; pids+=($pg_pid)
wait_up "http://127.0.0.1:$pp/healthz"

# ---- sign-in, like a browser --------------------------------------------------------------
cookie_of() { tr -d '\r' | awk -v n="$1" 'tolower($1) == "set-cookie:" && index($2, n "=") == 1 { v = substr($2, length(n) + 2); sub(/;.*/, "", v); print v }' | tail -n1; }
status_of() { head -n1 | awk '{ print $2 }'; }
csrf_of() { grep -o 'name="csrf" value="[^"]*"' | head -n1 | sed 's/.*value="//; s/"$//'; }
# login BASE_URL PASSWORD -> session cookie value (MFA verified)
login() {
  local base=$1 pw=$2 out csrf_cookie csrf session code secret
  out=$(curl -si "$base/connexion")
  [ "$(status_of <<<"$out")" = 200 ] || die "GET /connexion: $(status_of <<<"$out")"
  csrf_cookie=$(cookie_of __Host-jalon_csrf <<<"$out")
  csrf=$(csrf_of <<<"$out")
  [ -n "$csrf_cookie" ] && [ "$csrf" = "$csrf_cookie" ] || die "no CSRF cookie/field on /connexion"
  out=$(curl -si -H "Cookie: __Host-jalon_csrf=$csrf_cookie" --data-urlencode "email=$counselor" \
    --data-urlencode "password=$pw" --data-urlencode "csrf=$csrf" "$base/connexion")
  [ "$(status_of <<<"$out")" = 303 ] || die "POST /connexion: $(status_of <<<"$out")"
  grep -qi '^location: /compte/mfa' <<<"$out" || die "POST /connexion did not lead to /compte/mfa"
  session=$(cookie_of __Host-jalon_session <<<"$out")
  [ -n "$session" ] || die "no session cookie after POST /connexion"
  out=$(curl -si -H "Cookie: __Host-jalon_session=$session" "$base/compte/mfa")
  [ "$(status_of <<<"$out")" = 200 ] || die "GET /compte/mfa: $(status_of <<<"$out")"
  secret=$(grep -o '<code id="totp-secret">[^<]*</code>' <<<"$out" | sed 's/<[^>]*>//g; s/ //g')
  csrf=$(csrf_of <<<"$out")
  [ -n "$secret" ] && [ -n "$csrf" ] || die "no TOTP secret or CSRF field on /compte/mfa"
  code=$(oathtool --totp -b "$secret")
  out=$(curl -si -H "Cookie: __Host-jalon_session=$session" --data-urlencode "code=$code" \
    --data-urlencode "csrf=$csrf" "$base/compte/mfa")
  [ "$(status_of <<<"$out")" = 200 ] || die "POST /compte/mfa: $(status_of <<<"$out")"
  session=$(cookie_of __Host-jalon_session <<<"$out")
  [ -n "$session" ] || die "no new session cookie after POST /compte/mfa"
  echo "$session"
}
# ids BASE_URL COOKIE -> the ids of the first two caseload pages (50 people), one a line
ids() {
  for page in 1 2; do
    curl -sf -H "Cookie: __Host-jalon_session=$2" "$1/beneficiaires?page=$page" |
      grep -o 'href="/beneficiaires/[^"/?]*"' | sed 's|href="/beneficiaires/||; s|"$||' |
      grep -vx 'nouveau\|recherche' || true
  done | awk '!seen[$0]++'
}
# record_script FILE IDS -> a wrk Lua script rotating over the ids
record_script() {
  { echo "local ids = {"; sed 's/.*/  "&",/' <<<"$2"; echo "}"
    cat <<'LUA'
local i = 0
request = function()
  i = i + 1
  return wrk.format("GET", "/beneficiaires/" .. ids[(i % #ids) + 1])
end
LUA
  } >"$1"
}
# check BASE_URL PATH COOKIE -> dies unless the page answers 200 (session still valid)
check() {
  local code; code=$(curl -s -o /dev/null -w '%{http_code}' -m 300 -H "Cookie: __Host-jalon_session=$3" "$1$2")
  [ "$code" = 200 ] || die "GET $2 answered $code instead of 200"
}
audit_rows_sqlite() { sqlite3 "$work/sqlite/jalon.db" "SELECT count(*) FROM audit_log"; }
audit_rows_pg() { psql "$pgurl/bench" -qAtc "SELECT count(*) FROM audit_log"; }

declare -A cookie idlist
for e in sqlite pg; do
  if [ $e = sqlite ]; then base="http://127.0.0.1:$sp" pw=$sqlite_pw; else base="http://127.0.0.1:$pp" pw=$pg_pw; fi
  cookie[$e]=$(login "$base" "$pw")
  idlist[$e]=$(ids "$base" "${cookie[$e]}")
  n=$(grep -c . <<<"${idlist[$e]}" || true)
  [ "$n" -ge 25 ] || die "only $n ids on the $e caseload pages"
  record_script "$work/$e-record.lua" "${idlist[$e]}"
  total=$(curl -sf -H "Cookie: __Host-jalon_session=${cookie[$e]}" "$base/beneficiaires" |
    grep -o '<strong>[0-9]*</strong> personne' | grep -o '[0-9]*' | head -n1)
  echo "$e: signed in as $counselor, caseload of ${total:-?} people, $n record ids" >&2
done
audit0_sqlite=$(audit_rows_sqlite)
audit0_pg=$(audit_rows_pg)

# ---- measures -----------------------------------------------------------------------------
failures=0
declare -A served=([sqlite]=0 [pg]=0)
to_ms() {  # wrk prints 512.00us / 1.20ms / 1.01s
  awk -v v="$1" 'BEGIN { n=v+0; if (v ~ /us$/) n/=1000; else if (v ~ /ms$/) n=n; else if (v ~ /s$/) n*=1000; printf "%.2f", n }'
}
requests_of() { awk '/requests in/ { print $1 }' <<<"$1"; }
bytes_of() {  # "123 requests in 10.00s, 1.23GB read" -> bytes
  awk '/requests in/ { v = $5; n = v + 0; if (v ~ /KB/) n *= 1024; else if (v ~ /MB/) n *= 1048576;
       else if (v ~ /GB/) n *= 1073741824; printf "%.0f", n }' <<<"$1"
}
# cpu_ticks PID… -> user+system clock ticks of these processes and their children processes
cpu_ticks() {
  local p all=() t=0
  for p in "$@"; do all+=("$p"); mapfile -t -O "${#all[@]}" all < <(ps --ppid "$p" -o pid= 2>/dev/null || true); done
  for p in "${all[@]}"; do
    [ -r "/proc/${p// /}/stat" ] || continue
    t=$((t + $(awk '{ sub(/^.*\) /, ""); print $12 + $13 }' "/proc/${p// /}/stat" 2>/dev/null || echo 0)))
  done
  echo "$t"
}
# drain NAME PID… -> waits until the server (and its database backends) are idle: wrk abandons
# its in-flight requests at the end of a run, and a slow page leaves a backlog that would
# otherwise be charged to the next measure. Says how long it took when it is more than a second.
drain() {
  local name=$1; shift
  local hz; hz=$(getconf CLK_TCK)
  local t0 a b; t0=$(now); a=$(cpu_ticks "$@")
  for _ in $(seq 120); do  # at most a minute
    sleep 0.5; b=$(cpu_ticks "$@")
    [ $((b - a)) -le $((hz / 20)) ] && break  # < 10 % of one core over 0.5 s
    a=$b
  done
  local took; took=$(since "$t0")
  awk -v t="$took" 'BEGIN { exit !(t > 1.5) }' && echo "  ($name: the server stayed busy $took s after wrk stopped)" >&2
  return 0
}
# measure NAME URL SERVER_PIDS [wrk args…] ->
#   "rps p50_ms p99_ms 4xx5xx socket_errors bytes_per_response requests_measured requests_total"
measure() {
  local name=$1 url=$2 spids=$3; shift 3
  local warm; warm=$(wrk -t2 -c"$conns" -d2s --timeout "$timeout" "$@" "$url")
  # shellcheck disable=SC2086
  drain "$name warm-up" $spids
  local top_pid=
  if [ "${BENCH_TOP:-}" = 1 ]; then
    (sleep "$(awk -v s="$secs" 'BEGIN { print s / 2 }')"; echo "--- top during $name"
     top -b -n1 -w 160 | sed -n '1,5p;7,16p') >"$work/top-$(date +%s%N)" &
    top_pid=$!
  fi
  local out; out=$(wrk -t2 -c"$conns" -d"${secs}s" --timeout "$timeout" --latency "$@" "$url")
  [ -z "$top_pid" ] || wait "$top_pid" || true
  # shellcheck disable=SC2086
  drain "$name" $spids
  local rps p50 p99 bad sock reqs
  rps=$(awk '/^Requests\/sec/ { print $2 }' <<<"$out")
  p50=$(awk '$1 == "50%" { print $2 }' <<<"$out")
  p99=$(awk '$1 == "99%" { print $2 }' <<<"$out")
  bad=$(awk '/Non-2xx or 3xx/ { n += $NF } END { print n + 0 }' <<<"$warm"$'\n'"$out")
  sock=$(awk '/Socket errors/ { gsub(",", ""); n += $4 + $6 + $8 + $10 } END { print n + 0 }' <<<"$warm"$'\n'"$out")
  reqs=$(requests_of "$out")
  echo "$rps $(to_ms "$p50") $(to_ms "$p99") $bad $sock $(( $(bytes_of "$out") / (reqs > 0 ? reqs : 1) )) $reqs $(( reqs + $(requests_of "$warm") ))"
  if [ "$bad" -gt 0 ] || [ "$sock" -gt 0 ]; then
    { echo; echo "!!!!!!!! BENCH FAILURE ($name): $bad 4xx/5xx responses, $sock socket errors !!!!!!!!"
      grep -E 'Non-2xx|Socket errors' <<<"$warm"$'\n'"$out"; echo; } >&2
  fi
}

timeout=${BENCH_WRK_TIMEOUT:-30s}  # wrk drops responses slower than this from the latencies
pg_postmaster=$(head -n1 "$pgdir/data/postmaster.pid")
echo
echo "wrk -t2 -c$conns -d${secs}s --timeout $timeout (+2 s warm-up), server threads $threads, $(nproc) cores, $people beneficiaries, $(date -u +%FT%TZ)"
fmt='%-36s %9s %8s %8s %6s %7s %8s %8s %7s\n'
line='%-36s %9.0f %8s %8s %6.3f %7s %8s %8s %7s\n'
printf "$fmt" "measure" "req/s" "p50 ms" "p99 ms" "ratio" "non-2xx" "sock err" "requests" "B/resp"
row() {  # row LABEL URL SERVER_PIDS ENGINE_OR_- [wrk args…]
  local label=$1 url=$2 spids=$3 e=$4; shift 4
  [ "$e" = - ] || check "${url%%/beneficiaires*}" "/beneficiaires/$(head -n1 <<<"${idlist[$e]}")" "${cookie[$e]}"
  local rps p50 p99 bad sock bytes reqs total
  read -r rps p50 p99 bad sock bytes reqs total < <(measure "$label" "$url" "$spids" "$@")
  [ "$e" = - ] || check "${url%%/beneficiaires*}" "/beneficiaires" "${cookie[$e]}"  # still signed in
  : "${c_rps:=$rps}"
  printf "$line" "$label" "$rps" "$p50" "$p99" \
    "$(awk -v a="$rps" -v b="$c_rps" 'BEGIN { print (b > 0 ? a / b : 0) }')" "$bad" "$sock" "$reqs" "$bytes"
  failures=$((failures + bad + sock))
  if [ "${reqs:-0}" -eq 0 ]; then
    echo "!!!!!!!! BENCH FAILURE ($label): no request completed in ${secs} s !!!!!!!!" >&2
    failures=$((failures + 1))
  elif [ "$e" != - ] && [ "$bytes" -lt 2000 ]; then  # a page is KBs; a 303 to /connexion is not
    echo "!!!!!!!! BENCH FAILURE ($label): $bytes bytes per response, redirects instead of pages? !!!!!!!!" >&2
    failures=$((failures + 1))
  fi
  [ "$e" = - ] || served[$e]=$((served[$e] + total))
  result["$label"]="$rps $p99"
}
declare -A result
c_rps=
row "RESTinio hello-world (ceiling)" "http://127.0.0.1:$hp/" "${pids[0]}" -
row "sqlite caseload /beneficiaires" "http://127.0.0.1:$sp/beneficiaires" "$sqlite_pid" sqlite \
  -H "Cookie: __Host-jalon_session=${cookie[sqlite]}"
row "sqlite record /beneficiaires/{id}" "http://127.0.0.1:$sp/beneficiaires/" "$sqlite_pid" sqlite \
  -H "Cookie: __Host-jalon_session=${cookie[sqlite]}" -s "$work/sqlite-record.lua"
row "postgresql caseload /beneficiaires" "http://127.0.0.1:$pp/beneficiaires" "$pg_pid $pg_postmaster" pg \
  -H "Cookie: __Host-jalon_session=${cookie[pg]}"
row "postgresql record /beneficiaires/{id}" "http://127.0.0.1:$pp/beneficiaires/" "$pg_pid $pg_postmaster" pg \
  -H "Cookie: __Host-jalon_session=${cookie[pg]}" -s "$work/pg-record.lua"
row "ceiling again (drift check)" "http://127.0.0.1:$hp/" "${pids[0]}" -

# Stop the servers (SIGTERM flushes the group-committed audit queue), then count.
kill "$sqlite_pid" "$pg_pid"; wait "$sqlite_pid" "$pg_pid" || true
echo
echo "audit_log rows written during the run (the reads are audited; wrk counts only the requests it"
echo "saw complete: the ones in flight when a run stops are still served and audited):"
echo "  sqlite:     $(( $(audit_rows_sqlite) - audit0_sqlite )) rows for ${served[sqlite]} requests completed (incl. warm-ups)"
echo "  postgresql: $(( $(audit_rows_pg) - audit0_pg )) rows for ${served[pg]} requests completed (incl. warm-ups)"
echo "demo generation of $people beneficiaries:"
echo "  sqlite:     $(demo_line sqlite)"
echo "  postgresql: $(demo_line pg)"
if [ "${BENCH_TOP:-}" = 1 ]; then for f in $(ls "$work"/top-* 2>/dev/null | sort); do cat "$f"; done; fi

read -r s_rps s_p99 <<<"${result["sqlite caseload /beneficiaires"]}"
echo
if awk -v r="$s_rps" -v p="$s_p99" 'BEGIN { exit !(r >= 10000 && p <= 20) }'; then
  echo "target (SQLite caseload >= 10000 req/s, p99 <= 20 ms): MET ($(printf '%.0f' "$s_rps") req/s, p99 $s_p99 ms)"
else
  echo "target (SQLite caseload >= 10000 req/s, p99 <= 20 ms): NOT MET ($(printf '%.0f' "$s_rps") req/s, p99 $s_p99 ms)"
fi
if [ "$failures" -gt 0 ]; then
  echo "!!!!!!!! BENCH FAILED: $failures error responses, socket errors or redirect signs (see above) !!!!!!!!" >&2
  exit 1
fi
