#!/usr/bin/env bash
# `jalon import employers` (the SIRENE establishment CSV, issue 17) against sqlite3's own
# `.import` of the same CSV, in the same run:
#   - a synthetic StockEtablissement extract of ROWS rows (default 200 000; Luhn-valid SIRETs,
#     the SIRENE column names, plausible NAF codes, size bands and communes), or FILE if given;
#   - Jalon's import (Release build) into a migrated, empty SQLite store, then the same file
#     again (nothing changes): one transaction, Luhn and NAF checks, upserts keeping ids;
#   - the baseline: `sqlite3 :memory: .import --csv` of the same file, best of three;
#   - the ratio Jalon / sqlite3.
#   bench/employers_import.sh [FILE]        ROWS=50000 JALON=path/to/jalon to change the defaults
set -euo pipefail
cd "$(dirname "$0")/.."
rows=${ROWS:-200000}
jalon=${JALON:-$PWD/build/release/jalon}
if [ -z "${JALON:-}" ]; then
  cmake --preset release >/dev/null
  ninja -C build/release -j1 jalon >/dev/null
fi
tmp=$(mktemp -d /tmp/jalon-empbench-XXXXXX)
trap 'rm -rf "$tmp"' EXIT

csv=${1:-}
if [ -z "$csv" ]; then
  csv=$tmp/StockEtablissement_bench.csv
  python3 - "$rows" "$csv" <<'EOF'
import random, sys
rows, out = int(sys.argv[1]), sys.argv[2]
naf = ["10.71C", "56.10A", "47.11F", "43.21A", "43.22A", "49.41A", "81.21Z", "87.10A", "52.10B",
       "25.62B", "45.20A", "88.10A", "55.10Z", "41.20A", "81.30Z", "96.02A", "22.29A", "16.10A"]
bands = ["NN", "00", "01", "02", "03", "11", "12", "21", "22", "31", "32", "41"]
communes = [("38563", "38500"), ("38239", "38430"), ("38565", "38340"), ("38337", "38140"),
            ("38185", "38000"), ("38421", "38120"), ("38151", "38130"), ("38053", "38300")]
def luhn(base):
    for k in range(10):
        s = base + str(k)
        total = 0
        for i, c in enumerate(s):
            d = int(c)
            if i % 2 == 0:
                d *= 2
                if d > 9: d -= 9
            total += d
        if total % 10 == 0: return s
rng = random.Random(17)
with open(out, "w", encoding="utf-8") as f:
    f.write("siren,nic,siret,etatAdministratifEtablissement,trancheEffectifsEtablissement,"
            "numeroVoieEtablissement,typeVoieEtablissement,libelleVoieEtablissement,"
            "codePostalEtablissement,codeCommuneEtablissement,enseigne1Etablissement,"
            "denominationUniteLegale,activitePrincipaleEtablissement\n")
    for i in range(rows):
        siret = luhn("9%012d" % (i * 7 + 1))
        c, p = communes[i % len(communes)]
        f.write(f"{siret[:9]},{siret[9:]},{siret},{'F' if i % 23 == 0 else 'A'},"
                f"{bands[i % len(bands)]},{1 + i % 120},RUE,\"DE LA REPUBLIQUE, BAT {i % 9}\","
                f"{p},{c},,ENTREPRISE {i},{naf[rng.randrange(len(naf))]}\n")
EOF
fi
lines=$(($(wc -l <"$csv") - 1))

ms() { python3 -c "print(f'{($2-$1)*1000:.0f}')"; }
mkdir -p "$tmp/store"
"$jalon" migrate --data-dir "$tmp/store" >/dev/null 2>&1
t0=$EPOCHREALTIME
"$jalon" import employers "$csv" --data-dir "$tmp/store" >"$tmp/first.txt"
t1=$EPOCHREALTIME
"$jalon" import employers "$csv" --data-dir "$tmp/store" >"$tmp/again.txt"
t2=$EPOCHREALTIME
first=$(ms "$t0" "$t1")
again=$(ms "$t1" "$t2")

best=""
for _ in 1 2 3; do
  t0=$EPOCHREALTIME
  sqlite3 :memory: -cmd ".import --csv $csv establishments" "SELECT COUNT(*) FROM establishments" >/dev/null
  t1=$EPOCHREALTIME
  m=$(ms "$t0" "$t1")
  if [ -z "$best" ] || [ "$m" -lt "$best" ]; then best=$m; fi
done

echo "employers import, $lines rows ($(basename "$csv")), $(nproc) cores:"
printf '  %-44s %8s ms  %10s rows/s\n' "jalon import employers (first, SQLite)" "$first" \
  "$(python3 -c "print(round($lines*1000/max($first,1)))")"
printf '  %-44s %8s ms\n' "jalon import employers (again, no change)" "$again"
printf '  %-44s %8s ms  %10s rows/s\n' "sqlite3 :memory: .import --csv (best of 3)" "$best" \
  "$(python3 -c "print(round($lines*1000/max($best,1)))")"
echo "  ratio jalon/sqlite3: first $(python3 -c "print(f'{$first/max($best,1):.1f}')") ×," \
  "again $(python3 -c "print(f'{$again/max($best,1):.1f}')") ×"
grep -E "establishments" "$tmp/first.txt" | sed 's/^/  first: /'
