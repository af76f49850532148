#!/usr/bin/env bash
# Writes deploy/compose/.env with fresh random secrets for docker-compose.yml (once; never committed:
# deploy/compose/.gitignore). Keep a copy somewhere safe: the PII key decrypts the petitioners'
# names and phone numbers, and a lost key means lost data (deploy/README.md, "Rotate the PII key").
#   deploy/compose/make-env.sh && docker compose --env-file deploy/compose/.env up -d
set -euo pipefail
out="$(cd "$(dirname "$0")" && pwd)/.env"
if [ -e "$out" ] && [ "${1:-}" != "--force" ]; then
  echo "$out exists; keeping it (--force writes new secrets, which makes existing volumes unusable)" >&2
  exit 0
fi
command -v openssl >/dev/null || { echo "make-env.sh needs openssl" >&2; exit 1; }
secret() { openssl rand -hex 24; }
umask 077
cat > "$out" <<ENV
POSTGRES_PASSWORD=$(secret)
INTAKE_DB_PASSWORD=$(secret)
ROUTING_DB_PASSWORD=$(secret)
SUPERVISION_DB_PASSWORD=$(secret)
MONGO_ROOT_PASSWORD=$(secret)
NOTIFICATION_DB_PASSWORD=$(secret)
INTAKE_PII_ENCRYPTION_KEY=$(openssl rand -base64 32)
KEYCLOAK_ADMIN_PASSWORD=$(secret)
PETITIONS_TEST_USER_PASSWORD=$(secret)
INTAKE_SERVICE_CLIENT_SECRET=$(secret)
GRAFANA_ADMIN_PASSWORD=$(secret)
ENV
echo "wrote $out"
