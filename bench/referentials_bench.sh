#!/usr/bin/env bash
# Referential imports and ROME search, measured on the full files shipped in data/ (issue 4).
# For each data set, in the same run:
#   - Jalon's import (Release build) into an empty store, then again (nothing changes), on SQLite
#     and on a throw-away PostgreSQL cluster;
#   - the baseline: sqlite3's own import of the same files into :memory: — `.import --csv` for
#     CSV (`.separator ;` where the producer uses it), `.import` in tab mode for the pg_dump COPY
#     rows, json_each(readfile()) for JSON — best of three runs;
#   - the ratio Jalon / sqlite3 (how many times the bare load Jalon's validated, idempotent,
#     indexed import costs).
# Then ROME search latency (p50, p99) on each engine. Files are decompressed before the baseline
# (not timed); Jalon reads the .gz files as shipped.
#   bench/referentials_bench.sh            BMO_CSV=path/to/bmo_2024_full.csv to add the BMO CSV row
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
data=$root/data
bmo_csv=${BMO_CSV:-/work/shared/data/labour_market/bmo_2024_full.csv}
[ -f "$bmo_csv" ] || bmo_csv=""

cmake --preset release >/dev/null
cmake --build --preset release --target bench_referentials -- -j2 >/dev/null
bench=$root/build/release/bench_referentials

tmp=$(mktemp -d /tmp/jalon-refbench-XXXXXX)
pgdir=$(mktemp -d /tmp/jalon-refbench-pg-XXXXXX)  # its own: the server runs as postgres
cleanup() {
  scripts/pg-cluster.sh stop "$pgdir" >/dev/null 2>&1 || true
  rm -rf "$tmp" "$pgdir"
}
trap cleanup EXIT

# --- Jalon -----------------------------------------------------------------------------------
echo "Jalon on SQLite …" >&2
"$bench" "$data" ${bmo_csv:+--bmo-csv "$bmo_csv"} >"$tmp/sqlite.txt"
echo "Jalon on PostgreSQL …" >&2
pg=$(scripts/pg-cluster.sh start "$pgdir")
psql -q "$pg/postgres" -c "CREATE DATABASE bench" >/dev/null
"$bench" "$data" --database "$pg/bench" >"$tmp/postgres.txt"

# --- sqlite3 baselines -------------------------------------------------------------------------
plain() {  # plain FILE: the file decompressed under $tmp, its path printed
  local src=$1 out="$tmp/plain/$(basename "${1%.gz}")"
  mkdir -p "$tmp/plain"
  if [[ $src == *.gz ]]; then gzip -dc "$src" >"$out"; else cp "$src" "$out"; fi
  echo "$out"
}
best_ms() {  # best_ms SQLITE3-ARGS…: best wall time of three runs, in milliseconds
  local best="" t0 t1 ms
  for _ in 1 2 3; do
    t0=$EPOCHREALTIME
    sqlite3 "$@" >/dev/null
    t1=$EPOCHREALTIME
    ms=$(python3 -c "print(f'{($t1-$t0)*1000:.1f}')")
    if [ -z "$best" ] || python3 -c "import sys; sys.exit(0 if $ms < $best else 1)"; then best=$ms; fi
  done
  echo "$best"
}
csv_args() {  # csv_args SEP FILE…: sqlite3 -cmd arguments importing each file into its own table
  local sep=$1 n=0
  shift
  for f in "$@"; do
    n=$((n + 1))
    if [ "$sep" = "," ]; then
      printf '%s\0' -cmd ".import --csv $f t$n"
    else
      printf '%s\0' -cmd ".mode csv" -cmd ".separator $sep" -cmd ".import $f t$n"
    fi
  done
}
json_sql() {  # json_sql FILE…: one CREATE TABLE … AS SELECT per file
  local n=0 sql=""
  for f in "$@"; do n=$((n + 1)); sql+="CREATE TABLE t$n AS SELECT value FROM json_each(readfile('$f'));"; done
  echo "$sql"
}
baseline_csv() {  # baseline_csv SEP FILE…
  local sep=$1
  shift
  local files=() args=()
  for f in "$@"; do files+=("$(plain "$f")"); done
  mapfile -d '' args < <(csv_args "$sep" "${files[@]}")
  best_ms :memory: "${args[@]}" ".exit"
}
baseline_json() {
  local files=()
  for f in "$@"; do files+=("$(plain "$f")"); done
  best_ms :memory: "$(json_sql "${files[@]}")"
}
baseline_copy() {  # the rows of each COPY block as tab-separated files
  local n=0 args=()
  for f in "$@"; do
    n=$((n + 1))
    gzip -dc "$f" | awk '/^COPY /{on=1; next} /^\\\.$/{on=0} on' >"$tmp/copy$n.tsv"
    args+=(-cmd ".mode tabs" -cmd ".import $tmp/copy$n.tsv t$n")
  done
  best_ms :memory: "${args[@]}" ".exit"
}

echo "sqlite3 baselines …" >&2
declare -A base
base[communes]=$(baseline_json "$data"/geo/cog-2026/{regions,departements,communes,epci}.json.gz)
base[centroides]=$(baseline_csv ";" "$data"/geo/corresp_geo_point_codes_communes_2025.csv.gz)
base[zones-emploi]=$(baseline_csv "," "$data"/geo/Export_Communes_Zones_Emploi_2020.csv.gz)
base[bassins-emploi]=$(baseline_csv "," "$data"/geo/France_Travail_Bassin_Emploi_2021.csv.gz)
base[rome]=$(baseline_csv "," "$data"/rome/v347/*.csv.gz)
base[rome-2024]=$(baseline_copy "$data"/rome/2024/jobs_rome.sql.gz "$data"/rome/2024/jobs_appellation.sql.gz)
base[naf]=$(baseline_json "$data"/nomenclatures/naf_index.json.gz)
base[rome-naf]=$(baseline_csv "," "$data"/nomenclatures/rome_naf_mapping.csv.gz)
base[fap2021]=$(baseline_csv ";" "$data"/nomenclatures/Intitules_FAP2021.csv)
base[tension]=$(baseline_csv "," "$data"/labour_market/metiers_en_tension_mars_2024.csv)
base[siae]=$(baseline_json "$data"/employers/les-emplois_siae_convention.json.gz)
if [ -n "$bmo_csv" ]; then
  base[bmo]=$(baseline_csv "," "$bmo_csv")
  base[bmo-csv]=${base[bmo]}
fi
for k in "${!base[@]}"; do echo "$k ${base[$k]}"; done >"$tmp/baseline.txt"

# --- report ------------------------------------------------------------------------------------
python3 - "$tmp/sqlite.txt" "$tmp/postgres.txt" "$tmp/baseline.txt" <<'PY'
import sys
def parse(path):
    imports, search = {}, {}
    for line in open(path):
        parts = line.split()
        if not parts: continue
        kv = dict(p.split("=", 1) for p in parts[2:] if "=" in p) if parts[0] == "import" else {}
        if parts[0] == "import":
            imports[parts[1]] = kv
        elif parts[0] == "search":
            search = dict(p.split("=", 1) for p in parts[1:])
    return imports, search
sq, sq_search = parse(sys.argv[1])
pg, pg_search = parse(sys.argv[2])
base = dict(l.split() for l in open(sys.argv[3]) if l.strip())
print("%-15s %8s | %10s %9s %9s | %10s %9s | %10s %7s" % ("data set", "rows", "SQLite ms", "rows/s",
      "again ms", "PG ms", "rows/s", "sqlite3 ms", "ratio"))
print("-" * 106)
for name, r in sq.items():
    rows = int(r["rows"]); ms = float(r["first_ms"])
    p = pg.get(name)
    b = base.get(name)
    print("%-15s %8d | %10.0f %9.0f %9.0f | %10s %9s | %10s %7s" % (
        name, rows, ms, rows / ms * 1000, float(r["again_ms"]),
        "%.0f" % float(p["first_ms"]) if p else "—",
        "%.0f" % (rows / float(p["first_ms"]) * 1000) if p else "—",
        "%.1f" % float(b) if b else "n/a",
        "%.1f×" % (ms / float(b)) if b else "—"))
print()
print("ROME search over %s queries: SQLite p50 %s µs, p99 %s µs | PostgreSQL p50 %s µs, p99 %s µs" % (
    sq_search.get("queries"), sq_search.get("p50_us"), sq_search.get("p99_us"),
    pg_search.get("p50_us"), pg_search.get("p99_us")))
PY
