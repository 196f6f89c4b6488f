#!/usr/bin/env bash
# `make run`: serve the Release build on http://127.0.0.1:8080 with the store in ./var/.
# On a new store, creates the first administrator and prints how to sign in.
set -euo pipefail
cd "$(dirname "$0")/.."
bin=build/release/jalon
mkdir -p var
if [ ! -f var/jalon.db ]; then
  echo "Nouveau stockage dans ./var/ : création du premier compte administrateur."
  "$bin" admin create --data-dir var --email admin@demo.jalon.test \
    --structure "ACI démo du Pays Voironnais" --kind aci
  cat <<'MSG'

Pour vous connecter : http://127.0.0.1:8080/connexion avec admin@demo.jalon.test et le mot de
passe à usage unique ci-dessus. Jalon demandera ensuite d'activer la double authentification
(application TOTP : FreeOTP, Aegis, Google Authenticator…) puis de choisir votre mot de passe.
MSG
else
  echo "Stockage existant dans ./var/ : connectez-vous avec votre compte."
  echo "(Un autre administrateur : $bin admin create --data-dir var --email …)"
fi
echo
echo "Jalon démarre sur http://127.0.0.1:8080 (Ctrl-C pour arrêter)."
echo
exec "$bin" serve --data-dir var --listen 127.0.0.1:8080
