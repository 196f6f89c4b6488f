#!/usr/bin/env bash
# `make fuzz` (issue 23, SR 58): builds one libFuzzer target per entry point of fuzz/entries.cc
# with clang (-fsanitize=fuzzer,address,undefined) from the sources they read, then runs each
# for FUZZ_SECONDS (default 60) on its corpus fuzz/corpus/<target>/. New inputs that widen
# coverage are added to the corpus (commit them: the unit tests replay them); a crash stops the
# run and leaves build/fuzz/crash-* (copy it into the corpus once fixed).
#   fuzz/run.sh [TARGET…]          FUZZ_SECONDS=300 fuzz/run.sh csv
set -euo pipefail
cd "$(dirname "$0")/.."
CXX=${FUZZ_CXX:-clang++}
seconds=${FUZZ_SECONDS:-60}
out=build/fuzz
mkdir -p "$out/obj"
# The sources the entry points reach (kept short: only readers and parsers, no store, no HTTP
# server).
sources=(fuzz/entries.cc fuzz/target.cc
  src/referentials/csv.cc src/referentials/table.cc src/referentials/source.cc
  src/referentials/progress.cc src/referentials/json_array.cc src/referentials/xlsx.cc
  src/referentials/sas_format.cc src/referentials/pg_dump.cc src/referentials/import_error.cc
  src/http/forms.cc src/http/message.cc src/http/server.cc src/core/log.cc src/core/clock.cc src/ui/template.cc src/core/dates.cc src/core/text.cc
  src/core/assets.cc fuzz/no_assets.cc)
flags=(-std=c++20 -g -O1 -fno-omit-frame-pointer -fsanitize=fuzzer-no-link,address,undefined
  -fno-sanitize-recover=all -Isrc -I. -I/usr/include/kainjow -I/usr/include/minizip
  -DUSE_OS_TZDB=1 -DONLY_C_LOCALE=1 -DHAS_STRING_VIEW=1 -DJALON_VERSION=\"fuzz\")
libs=(-lminizip -lpugixml -lz -lunistring -lfmt -ldate-tz -lhttp_parser -lpthread)
# The names of fuzz::targets() (fuzz/entries.cc).
all_targets="csv json_array xlsx sas_format pg_dump forms multipart mustache dates"
targets=${*:-$all_targets}

objects=()
for src in "${sources[@]}"; do
  [[ "$src" == fuzz/target.cc ]] && continue
  [[ -f "$src" ]] || continue
  obj="$out/obj/$(echo "$src" | tr '/' '_').o"
  if [[ ! -f "$obj" || "$src" -nt "$obj" ]]; then
    echo "compile $src" >&2
    $CXX "${flags[@]}" -c "$src" -o "$obj"
  fi
  objects+=("$obj")
done

status=0
for t in $targets; do
  bin="$out/fuzz_$t"
  $CXX "${flags[@]}" -fsanitize=fuzzer -DJALON_FUZZ_TARGET="$t" fuzz/target.cc "${objects[@]}" "${libs[@]}" -o "$bin"
  corpus="fuzz/corpus/$t"
  before=$(ls "$corpus" | wc -l)
  echo "== $t: ${seconds}s from $before corpus files" >&2
  if ! (cd "$out" && "./fuzz_$t" -max_total_time="$seconds" -max_len=65536 -timeout=10 -rss_limit_mb=2048 \
        -print_final_stats=1 "../../$corpus" 2> "fuzz_$t.log"); then
    echo "FAIL $t: see $out/fuzz_$t.log and $out/crash-*" >&2
    tail -30 "$out/fuzz_$t.log" >&2
    status=1
  fi
  after=$(ls "$corpus" | wc -l)
  execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$out/fuzz_$t.log")
  echo "$t: ${execs:-?} executions, corpus $before -> $after files" >&2
done
exit $status
