#!/usr/bin/env bash
# A real Keycloak (the identity provider agencies run) for one instance of the platform or one test run, from the
# server distribution on Maven Central (infra/keycloak/pom.xml), with the same realm that compose and Kubernetes import
# (deploy/compose/keycloak/petitions-realm.json):
#
#   infra/keycloak/keycloak.sh start  <run-dir> <port>   Keycloak on 127.0.0.1:<port>; returns once the realm answers
#   infra/keycloak/keycloak.sh stop   <run-dir> <port>   stops the Keycloak of that run directory (nothing else)
#   infra/keycloak/keycloak.sh status <run-dir> <port>   exit 0 when the realm answers
#   infra/keycloak/keycloak.sh trust  <run-dir> <port> <private.pem>
#                                                      the realm also trusts this instance's own key (see trust())
#
# `start-dev` with in-memory storage: the realm is imported at every start, so a run never sees an earlier run's
# sessions or users. The realm's placeholders (client secrets, the test users' password) and the admin's password are
# written to <run-dir>/keycloak.env on first start (random) and kept; tests read them from there. The distribution is
# fetched once into .run/lib/keycloak (~160 MB from Maven Central) and unpacked there.
set -euo pipefail

usage() { echo "usage: $0 start|stop|status <run-dir> <port> | trust <run-dir> <port> <private.pem>" >&2; exit 2; }
[ $# -eq 3 ] || { [ $# -eq 4 ] && [ "$1" = trust ]; } || usage
action=$1 dir=$2 port=$3 key=${4:-}
[[ "$port" =~ ^[0-9]+$ ]] && [ "$port" -gt 0 ] && [ "$port" -lt 65000 ] || { echo "keycloak.sh: bad port '$port'" >&2; exit 2; }
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
LIB=${PETITIONS_LIB:-$ROOT/.run/lib}
VERSION=$(sed -n 's:.*<version>\(26[^<]*\)</version>.*:\1:p' "$ROOT/infra/keycloak/pom.xml" | head -n 1)
HOME_DIR=$LIB/keycloak/keycloak-$VERSION
mkdir -p "$dir"
dir=$(cd "$dir" && pwd)
pidfile=$dir/keycloak.pid
realm_url="http://127.0.0.1:$port/realms/petitions"

answers() { curl -sf -o /dev/null --max-time 3 "$realm_url/.well-known/openid-configuration"; }
running() { [ -f "$pidfile" ] && kill -0 "$(cat "$pidfile")" 2>/dev/null; }

fetch() {
  [ -x "$HOME_DIR/bin/kc.sh" ] && return 0
  echo "keycloak.sh: fetching Keycloak $VERSION from Maven Central (once, ~160 MB)"
  mkdir -p "$LIB/keycloak"
  "$ROOT/mvnw" -B -q -f "$ROOT/infra/keycloak/pom.xml" dependency:copy-dependencies -DexcludeTransitive=true \
    -DincludeTypes=zip -DoutputDirectory="$LIB/keycloak"
  # unzip keeps the scripts' modes; the JDK's jar does not, hence the chmod
  (cd "$LIB/keycloak" && if command -v unzip >/dev/null; then unzip -q -o "keycloak-quarkus-dist-$VERSION.zip"; \
    else jar xf "keycloak-quarkus-dist-$VERSION.zip" && chmod +x "keycloak-$VERSION"/bin/*.sh; fi \
    && rm -f "keycloak-quarkus-dist-$VERSION.zip")
  [ -x "$HOME_DIR/bin/kc.sh" ] || { echo "keycloak.sh: no $HOME_DIR/bin/kc.sh after unpacking" >&2; exit 1; }
}

secrets() {
  if [ ! -f "$dir/keycloak.env" ]; then
    local r; r() { head -c 18 /dev/urandom | base64 | tr -d '/+=' ; }
    {
      echo "KC_BOOTSTRAP_ADMIN_USERNAME=admin"
      echo "KC_BOOTSTRAP_ADMIN_PASSWORD=$(r)"
      echo "PETITIONS_TEST_USER_PASSWORD=$(r)"
      for svc in INTAKE ROUTING SUPERVISION NOTIFICATION INSIGHT; do echo "${svc}_SERVICE_CLIENT_SECRET=$(r)"; done
    } > "$dir/keycloak.env"
    chmod 600 "$dir/keycloak.env"
  fi
}

start() {
  if running && answers; then echo "Keycloak already answers on 127.0.0.1:$port"; return 0; fi
  if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
    echo "keycloak.sh: port $port is taken by something else" >&2; exit 1
  fi
  fetch
  secrets
  # start-dev imports what lies in the distribution's data/import: the realm file as shipped (the same for every
  # instance; its placeholders are filled from each instance's environment)
  mkdir -p "$HOME_DIR/data/import"
  cp "$ROOT/deploy/compose/keycloak/petitions-realm.json" "$HOME_DIR/data/import/"
  (
    set -a; . "$dir/keycloak.env"; set +a
    # the management interface (health, metrics) on the next port
    nohup "$HOME_DIR/bin/kc.sh" start-dev --db=dev-mem --http-host=127.0.0.1 --http-port="$port" \
      --http-management-port=$((port + 1)) --hostname-strict=false --import-realm > "$dir/keycloak.log" 2>&1 &
    echo $! > "$pidfile"
  )
  local waited=0
  until answers; do
    running || { echo "keycloak.sh: Keycloak stopped while starting; see $dir/keycloak.log" >&2; tail -n 20 "$dir/keycloak.log" >&2; exit 1; }
    [ $waited -lt 180 ] || { echo "keycloak.sh: Keycloak did not answer within 180 s; see $dir/keycloak.log" >&2; exit 1; }
    sleep 1; waited=$((waited + 1))
  done
  echo "Keycloak $VERSION answers on 127.0.0.1:$port (realm petitions) after ${waited}s"
}

stop() {
  if running; then
    local pid; pid=$(cat "$pidfile")
    kill "$pid" 2>/dev/null || true
    for _ in $(seq 1 30); do kill -0 "$pid" 2>/dev/null || break; sleep 1; done
    kill -9 "$pid" 2>/dev/null || true
  fi
  rm -f "$pidfile"
}

# For one machine's instance only (./petitions: the test instance, and 'up' with PETITIONS_KEYCLOAK=1), never in
# compose or Kubernetes. The services there trust nothing but the realm's JWKS; the tests and the console's dev
# sign-in still mint people's tokens for any role, unit and jurisdiction with the instance's own key (generated by
# ./petitions into .run/<env>/keys, never committed). So the realm is given that key as a *passive* RSA key
# provider: Keycloak publishes its public half in the realm's JWKS (by the id TokenMinter puts in the header) but
# keeps signing its own tokens with its own key, which tells the two apart. Also records the realm's login events
# (client-credentials grants included), so a test can see which client took a token. Idempotent: the component is
# replaced, which keeps its id, the key's, when the key is the same.
trust() {
  [ -r "$key" ] || { echo "keycloak.sh: no private key at $key" >&2; exit 1; }
  answers || { echo "keycloak.sh: Keycloak does not answer on 127.0.0.1:$port" >&2; exit 1; }
  local base="http://127.0.0.1:$port" user password token existing kid
  user=$(sed -n 's/^KC_BOOTSTRAP_ADMIN_USERNAME=//p' "$dir/keycloak.env")
  password=$(sed -n 's/^KC_BOOTSTRAP_ADMIN_PASSWORD=//p' "$dir/keycloak.env")
  # the password and the token never on a command line (ps shows those): from standard input and a file descriptor
  token=$(printf '%s' "$password" | curl -sf --max-time 20 "$base/realms/master/protocol/openid-connect/token" \
    -d grant_type=password -d client_id=admin-cli --data-urlencode "username=$user" --data-urlencode "password@-" \
    | sed -n 's/.*"access_token":"\([^"]*\)".*/\1/p')
  [ -n "$token" ] || { echo "keycloak.sh: no admin token from Keycloak" >&2; exit 1; }
  admin() { # METHOD PATH [curl options]: the realm's admin API
    local method=$1 path=$2; shift 2
    curl -sf --max-time 20 -X "$method" -H @<(printf 'Authorization: Bearer %s\n' "$token") \
      "$base/admin/realms/petitions$path" "$@"
  }
  existing=$(admin GET "/components?type=org.keycloak.keys.KeyProvider&name=petitions-instance-key" \
    | sed -n 's/^\[{"id":"\([^"]*\)".*/\1/p')
  [ -z "$existing" ] || admin DELETE "/components/$existing" >/dev/null
  # the PEM as one JSON string (newlines as \n), through standard input
  {
    printf '{"name":"petitions-instance-key","providerId":"rsa","providerType":"org.keycloak.keys.KeyProvider",'
    printf '"config":{"privateKey":["%s"],"active":["false"],"enabled":["true"],"priority":["50"],' \
      "$(awk '{printf "%s\\n", $0}' "$key")"
    printf '"algorithm":["RS256"],"keyUse":["sig"]}}'
  } | admin POST /components -H 'Content-Type: application/json' --data-binary @- >/dev/null \
    || { echo "keycloak.sh: Keycloak refused the instance's key" >&2; exit 1; }
  admin PUT /events/config -H 'Content-Type: application/json' --data-binary \
    '{"eventsEnabled":true,"eventsListeners":["jboss-logging"],"enabledEventTypes":["LOGIN","LOGIN_ERROR","CLIENT_LOGIN","CLIENT_LOGIN_ERROR"],"eventsExpiration":86400,"adminEventsEnabled":false,"adminEventsDetailsEnabled":false}' \
    >/dev/null || { echo "keycloak.sh: could not switch on the realm's login events" >&2; exit 1; }
  # what the tokens' header names (TokenMinter.keyId): base64url of the SHA-256 of the public key's DER
  kid=$(openssl pkey -in "$key" -pubout -outform DER 2>/dev/null | openssl dgst -sha256 -binary | openssl base64 -A \
    | tr '+/' '-_' | tr -d '=')
  curl -sf --max-time 10 "$base/realms/petitions/protocol/openid-connect/certs" | grep -q "\"kid\":\"$kid\"" \
    || { echo "keycloak.sh: the realm's JWKS does not publish the instance's key ($kid)" >&2; exit 1; }
  echo "the realm petitions trusts the instance's key (kid $kid, passive: Keycloak signs with its own)"
}

case $action in
  start) start ;;
  trust) trust ;;
  stop) stop ;;
  status) running && answers ;;
  *) usage ;;
esac
