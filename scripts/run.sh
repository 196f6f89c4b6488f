#!/usr/bin/env bash
# `make run`: serve the Release build on http://127.0.0.1:8080 with the store in ./var/.
# On a new store, creates the synthetic demo structure and prints its logins.
set -euo pipefail
cd "$(dirname "$0")/.."
bin=build/release/jalon
mkdir -p var
new_store=0
[ -f var/jalon.db ] || new_store=1
# A new store gets the shipped referentials (ROME, communes, BMO …) first, so the demo structure
# can have its territories; an existing store is left as it is.
"$bin" import all data --only-missing --data-dir var
if [ "$new_store" = 1 ]; then
  echo "Nouveau stockage dans ./var/ : création de la structure de démonstration."
  echo
  "$bin" demo --data-dir var
  cat <<'MSG'

Connectez-vous sur http://127.0.0.1:8080/connexion avec l'un de ces comptes. Jalon demandera
d'activer la double authentification avec une application TOTP (FreeOTP, Aegis, Google
Authenticator…). Notez les mots de passe : ils ne sont affichés qu'une fois.
MSG
else
  echo "Stockage existant dans ./var/ : connectez-vous avec vos comptes."
  echo "(Nouvel administrateur : $bin admin create --data-dir var --email … ;"
  echo " repartir de zéro : supprimez ./var/)"
fi
echo
echo "Jalon démarre sur http://127.0.0.1:8080 (Ctrl-C pour arrêter)."
echo
exec "$bin" serve --data-dir var --listen 127.0.0.1:8080
