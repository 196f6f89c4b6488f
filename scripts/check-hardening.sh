#!/usr/bin/env bash
# SR 59: checks that a release binary carries the hardening CMakeLists.txt asks for, the way
# checksec does, from readelf's view of the file:
#   PIE          ELF type DYN with the PIE flag
#   full RELRO   a GNU_RELRO segment and BIND_NOW (relocations resolved at start)
#   canaries     -fstack-protector-strong leaves calls to __stack_chk_fail
#   fortify      -D_FORTIFY_SOURCE leaves calls to checked libc functions (__*_chk)
#   NX stack     GNU_STACK without the execute flag
# Usage: scripts/check-hardening.sh [build/release/jalon]; exit 1 naming what is missing.
set -euo pipefail
bin=${1:-build/release/jalon}
[[ -f $bin ]] || { echo "check-hardening: $bin not found (build it: cmake --build --preset release --target jalon)" >&2; exit 2; }

fail=0
check() {  # check NAME CONDITION-RESULT
  if [[ $2 == yes ]]; then echo "ok    $1"; else echo "FAIL  $1"; fail=1; fi
}
has() { grep -Eq "$1" <<<"$2" && echo yes || echo no; }

header=$(readelf -h -W "$bin")
dynamic=$(readelf -d -W "$bin")
segments=$(readelf -l -W "$bin")
symbols=$(readelf --dyn-syms -W "$bin")

check "PIE (ELF type DYN, FLAGS_1 PIE)" \
  "$( [[ $(has 'Type:[[:space:]]+DYN' "$header") == yes && $(has 'FLAGS_1.*PIE' "$dynamic") == yes ]] && echo yes || echo no)"
check "RELRO (GNU_RELRO segment)" "$(has 'GNU_RELRO' "$segments")"
check "BIND_NOW (full RELRO: -z now)" "$(has '\(BIND_NOW\)|FLAGS.*BIND_NOW|FLAGS_1.*NOW' "$dynamic")"
check "stack protector (__stack_chk_fail)" "$(has '__stack_chk_fail' "$symbols")"
check "fortify source (__*_chk)" "$(has ' __[a-z_]+_chk(@|$)' "$symbols")"
check "non-executable stack (GNU_STACK RW)" \
  "$(grep -E 'GNU_STACK' <<<"$segments" | grep -Eq 'RWE' && echo no || echo yes)"
if [[ $fail -ne 0 ]]; then
  echo "check-hardening: $bin lacks hardening (SR 59); see CMakeLists.txt" >&2
  exit 1
fi
echo "check-hardening: $bin is hardened (SR 59)"
