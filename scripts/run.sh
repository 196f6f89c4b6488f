#!/usr/bin/env bash
# `make run`: serve the Release build on http://127.0.0.1:8080 with the store in ./var/.
set -euo pipefail
cd "$(dirname "$0")/.."
bin=build/release/jalon
mkdir -p var
echo
echo "Jalon démarre sur http://127.0.0.1:8080 (données dans ./var/, Ctrl-C pour arrêter)."
echo
# A new store gets the shipped referentials (ROME, communes, BMO …); an existing one is left as it is.
"$bin" import all data --only-missing --data-dir var
exec "$bin" serve --data-dir var --listen 127.0.0.1:8080
