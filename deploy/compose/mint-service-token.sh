#!/usr/bin/env bash
# intake-service asks supervision-service for petitioners' progress with a static service-role token
# (INTAKE_SUPERVISION_TOKEN). This mints one from intake-service's Keycloak client (client
# credentials; the token lives 30 days), writes it into deploy/compose/.env and recreates
# intake-service. Run it once the stack is up, and again within 30 days.
set -euo pipefail
dir="$(cd "$(dirname "$0")" && pwd)"
env_file="$dir/.env"
[ -f "$env_file" ] || { echo "no $env_file: run make-env.sh first" >&2; exit 1; }
# shellcheck disable=SC1090
. "$env_file"
response=$(curl -sf "${KEYCLOAK_URL:-http://localhost:8080}/realms/petitions/protocol/openid-connect/token" \
  -d grant_type=client_credentials -d client_id=intake-service --data-urlencode "client_secret=$INTAKE_SERVICE_CLIENT_SECRET")
token=$(printf '%s' "$response" | sed -n 's/.*"access_token":"\([^"]*\)".*/\1/p')
[ -n "$token" ] || { echo "Keycloak gave no token: $response" >&2; exit 1; }
tmp=$(mktemp "$dir/.env.XXXXXX")
grep -v '^INTAKE_SUPERVISION_TOKEN=' "$env_file" > "$tmp" || true
echo "INTAKE_SUPERVISION_TOKEN=$token" >> "$tmp"
chmod 600 "$tmp" && mv "$tmp" "$env_file"
cd "$dir/../.."
docker compose --env-file "$env_file" up -d intake-service
echo "intake-service recreated with a service token valid for 30 days"
