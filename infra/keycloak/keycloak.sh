#!/usr/bin/env bash
# A real Keycloak (the identity provider agencies run) for one instance of the platform or one test run, from the
# server distribution on Maven Central (infra/keycloak/pom.xml), with the same realm that compose and Kubernetes import
# (deploy/compose/keycloak/petitions-realm.json):
#
#   infra/keycloak/keycloak.sh start  <run-dir> <port>   Keycloak on 127.0.0.1:<port>; returns once the realm answers
#   infra/keycloak/keycloak.sh stop   <run-dir> <port>   stops the Keycloak of that run directory (nothing else)
#   infra/keycloak/keycloak.sh status <run-dir> <port>   exit 0 when the realm answers
#
# `start-dev` with in-memory storage: the realm is imported at every start, so a run never sees an earlier run's
# sessions or users. The realm's placeholders (client secrets, the test users' password) and the admin's password are
# written to <run-dir>/keycloak.env on first start (random) and kept; tests read them from there. The distribution is
# fetched once into .run/lib/keycloak (~160 MB from Maven Central) and unpacked there.
set -euo pipefail

usage() { echo "usage: $0 start|stop|status <run-dir> <port>" >&2; exit 2; }
[ $# -eq 3 ] || usage
action=$1 dir=$2 port=$3
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

case $action in
  start) start ;;
  stop) stop ;;
  status) running && answers ;;
  *) usage ;;
esac
