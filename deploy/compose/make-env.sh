#!/usr/bin/env bash
# Writes deploy/compose/.env with fresh random secrets for docker-compose.yml (once; never committed:
# deploy/compose/.gitignore). Keep a copy somewhere safe: the PII key decrypts the petitioners'
# names and phone numbers, and a lost key means lost data (deploy/README.md, "Rotate the PII key").
#   deploy/compose/make-env.sh && docker compose --env-file deploy/compose/.env up -d
# Run again on an existing file, it keeps every secret there and adds only the ones a newer
# docker-compose.yml needs (e.g. a client secret of a service that has its own identity now).
set -euo pipefail
out="$(cd "$(dirname "$0")" && pwd)/.env"
command -v openssl >/dev/null || { echo "make-env.sh needs openssl" >&2; exit 1; }
secret() { openssl rand -hex 24; }
umask 077

# name and how to make it, one a line
specs() {
  cat <<'SPECS'
POSTGRES_PASSWORD secret
INTAKE_DB_PASSWORD secret
ROUTING_DB_PASSWORD secret
SUPERVISION_DB_PASSWORD secret
MONGO_ROOT_PASSWORD secret
NOTIFICATION_DB_PASSWORD secret
INTAKE_PII_ENCRYPTION_KEY aes256
INTAKE_QUERY_CODE_HMAC_KEY aes256
KEYCLOAK_ADMIN_PASSWORD secret
PETITIONS_TEST_USER_PASSWORD secret
INTAKE_SERVICE_CLIENT_SECRET secret
NOTIFICATION_SERVICE_CLIENT_SECRET secret
SUPERVISION_SERVICE_CLIENT_SECRET secret
GRAFANA_ADMIN_PASSWORD secret
SPECS
}

make() {
  case "$1" in
    aes256) openssl rand -base64 32 ;;
    *) secret ;;
  esac
}

if [ -e "$out" ] && [ "${1:-}" != "--force" ]; then
  added=()
  while read -r name kind; do
    if ! grep -q "^${name}=" "$out"; then
      printf '%s=%s\n' "$name" "$(make "$kind")" >> "$out"
      added+=("$name")
    fi
  done < <(specs)
  if [ ${#added[@]} -eq 0 ]; then
    echo "$out exists and has every secret; keeping it (--force writes new secrets, which makes existing volumes unusable)" >&2
  else
    # Keycloak keeps no volume here: the next `up` recreates it with the new secret and imports the realm again
    echo "$out exists; kept its secrets and added ${added[*]}" >&2
  fi
  exit 0
fi

tmp="$(mktemp "$out.XXXXXX")"
while read -r name kind; do
  printf '%s=%s\n' "$name" "$(make "$kind")" >> "$tmp"
done < <(specs)
mv "$tmp" "$out"
echo "wrote $out"
