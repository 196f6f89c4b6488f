#!/usr/bin/env bash
# Fails early, naming the Debian package, when a tool or library the test suite calls is missing,
# or when it is present but not declared in deps/apt-packages.txt (installed by hand: a fresh
# machine would not have it). Called by scripts/test.sh before anything is built.
set -euo pipefail
cd "$(dirname "$0")/.."

declared() { grep -Eq "^[[:space:]]*$1([[:space:]]|#|$)" deps/apt-packages.txt; }

errors=()
need() {  # need PACKAGE WHAT CHECK-COMMAND...
  local pkg=$1 what=$2; shift 2
  if ! declared "$pkg"; then
    errors+=("$what comes from the Debian package '$pkg', which deps/apt-packages.txt does not list")
  elif ! "$@" >/dev/null 2>&1; then
    errors+=("$what is missing: install the Debian package '$pkg' (make deps)")
  fi
}
has() { command -v "$1"; }
pymod() { /usr/bin/python3 -c "import $1"; }

need oathtool                 "oathtool (TOTP codes in tests)"          has oathtool
need poppler-utils            "pdftotext/pdfimages (PDF checks)"        has pdftotext
need poppler-utils            "pdfimages (PDF checks)"                  has pdfimages
need chromium                 "Chromium (browser tests, PDF export)"    test -x /usr/bin/chromium
need python3                  "/usr/bin/python3 (file checks)"          test -x /usr/bin/python3
need python3-icalendar        "python3-icalendar (ICS checks)"          pymod icalendar
need python3-tz               "python3-tz (ICS checks)"                 pymod pytz
need python3-docx             "python3-docx (DOCX checks)"              pymod docx
need libreoffice-writer-nogui "LibreOffice headless (DOCX to PDF)"      has soffice
need librsvg2-bin             "rsvg-convert (chart PNG fallbacks)"      has rsvg-convert
need postgresql               "PostgreSQL server (engine tests)"        bash -c 'ls /usr/lib/postgresql/*/bin/pg_ctl'
need sqlite3                  "sqlite3 (store checks)"                  has sqlite3
need binutils                "readelf (release hardening check)"      has readelf
need curl                     "curl"                                    has curl
need fonts-dejavu-core        "DejaVu fonts (PDF rendering)"            test -d /usr/share/fonts/truetype/dejavu
[ -d node_modules/@playwright/test ] || errors+=("npm packages are missing: run make deps (npm ci)")

if [ ${#errors[@]} -gt 0 ]; then
  printf 'check-tools: %s\n' "${errors[@]}" >&2
  exit 1
fi
echo "check-tools: every tool the suite calls is installed and declared"
