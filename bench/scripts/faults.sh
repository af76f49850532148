#!/usr/bin/env bash
# bench/scripts/faults.sh — fault injection under sustained load, then reconciliation and poison input.
#
#   bench/scripts/faults.sh [--rate 15] [--faults "intake routing supervision notification insight kafka postgres"]
#   (default: every service ./petitions starts, then kafka and postgres)
#
# 1. Builds the services of the committed HEAD in a snapshot (.run/faults-app: `git archive HEAD`,
#    `mvnw package`; rebuilt only when HEAD moves) so that nobody's build in the shared working tree can
#    swap a jar under a running or restarting service, and runs that snapshot's own ./petitions, unchanged.
# 2. A fresh bench instance on ports of its own (services 24081-24084, Kafka 24192, MongoDB 24027, its own
#    PostgreSQL on 24432 with the *_bench databases, all under .run/faults), so that PostgreSQL can be
#    restarted without touching anyone else's databases.
# 3. Sustained load (FaultLoad, --rate petitions/s, every petition under its own Idempotency-Key, failed
#    attempts retried with the same key); after a warm-up, in turn: kill -9 of each service and its restart
#    (`petitions up` starts what is not running and waits until every service is ready), a stop of the Kafka
#    broker and its restart, a stop of PostgreSQL and its restart. Each fault waits for the recovery of the
#    previous one and a quiet gap.
# 4. Reconcile: every petition that got a 2xx has exactly one assignment, ledger entry and receipt; intake
#    holds no petition nobody got; the dead-letter topics are empty. Then Poison: bad records on every
#    partition of every consumed topic go to the right dead-letter topics, and later petitions still flow.
# 5. Report: bench/results/faults-<time>.json and .md (raw data under .run/faults/out-<time>/).
#
# Before the first fault and after each recovery the script waits at least FAULTS_WARMUP (45 s) / FAULTS_GAP (10 s),
# then until the load has caught up (every request answered, every petition older than 5 s with all three
# outcomes), at most FAULTS_WARMUP_MAX (180 s) / FAULTS_SETTLE_MAX (90 s) — so each fault starts from a steady
# state; the report says when it did not.
# Environment: FAULTS_TAIL (30 s), FAULTS_KAFKA_DOWN
# (15 s), FAULTS_PG_DOWN (10 s), FAULTS_SERVICE_DOWN (2 s), FAULTS_PG_MODE (fast|immediate), FAULTS_PORT_BASE.
set -euo pipefail

MAIN=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
RATE=15
FAULT_LIST=""
while [ $# -gt 0 ]; do
  case "$1" in
    --rate) RATE=$2; shift 2 ;;
    --faults) FAULT_LIST=$2; shift 2 ;;
    *) echo "usage: $0 [--rate N] [--faults \"intake routing supervision notification kafka postgres\"]" >&2; exit 2 ;;
  esac
done
WARMUP=${FAULTS_WARMUP:-45}
GAP=${FAULTS_GAP:-10}
SETTLE_MAX=${FAULTS_SETTLE_MAX:-90}
WARMUP_MAX=${FAULTS_WARMUP_MAX:-180}
TAIL=${FAULTS_TAIL:-30}
KAFKA_DOWN=${FAULTS_KAFKA_DOWN:-15}
PG_DOWN=${FAULTS_PG_DOWN:-10}
SERVICE_DOWN=${FAULTS_SERVICE_DOWN:-2}
PG_MODE=${FAULTS_PG_MODE:-fast}
SETTLE_OPEN=$(( ${RATE%.*} > 5 ? ${RATE%.*} : 5 ))   # requests without an answer yet: about one second's worth
SETTLE_LAGGING=${FAULTS_SETTLE_LAGGING:-5} # registered more than 5 s ago and still without all three outcomes

export PETITIONS_ENV=bench
export PETITIONS_PORT_BASE=${FAULTS_PORT_BASE:-24080}
export PETITIONS_KAFKA_PORT=${FAULTS_KAFKA_PORT:-24192}
export PETITIONS_MONGO_PORT=${FAULTS_MONGO_PORT:-24027}
export PETITIONS_RUN_DIR=$MAIN/.run/faults
# a port where nothing answers makes ./petitions run a PostgreSQL of its own (bench: 127.0.0.1:24432)
export PETITIONS_PG_PORT=24432
RUN=$PETITIONS_RUN_DIR
APP=$MAIN/.run/faults-app
P=$APP/petitions
INTAKE=http://127.0.0.1:$((PETITIONS_PORT_BASE + 1))
BOOTSTRAP=127.0.0.1:$PETITIONS_KAFKA_PORT
STAMP=$(date -u +%Y%m%dT%H%M%SZ)
OUT=$RUN/out-$STAMP

say() { printf '\033[1m[faults %s]\033[0m %s\n' "$(date -u +%T)" "$*"; }
die() { say "error: $*" >&2; exit 1; }
now_ms() { date +%s%3N; }
port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

mkdir -p "$RUN" "$OUT"
exec 9>"$RUN/.lock"
flock -n 9 || die "another fault run holds $RUN/.lock"

# ---------------------------------------------------------------- the snapshot of HEAD the run uses
head=$(git -C "$MAIN" rev-parse HEAD)
# the services ./petitions of HEAD starts (four, or five since insight-service)
SERVICES=$(git -C "$MAIN" show HEAD:petitions | sed -n 's/^SERVICES=(\(.*\))$/\1/p')
[ -n "$SERVICES" ] || die "cannot read SERVICES from ./petitions"
[ -n "$FAULT_LIST" ] || FAULT_LIST="$SERVICES kafka postgres"
MODULES=$(for s in $SERVICES; do printf '%s-service,' "$s"; done); MODULES=${MODULES%,}
# ./petitions up also starts the console (one origin in front of the services) since it exists
EXTRA_JARS=""
if git -C "$MAIN" show HEAD:petitions | grep -q 'console/target/quarkus-app'; then MODULES="$MODULES,console"; EXTRA_JARS=console; fi
built=$(cat "$APP/.commit" 2>/dev/null || true)
if [ -n "$built" ] && [ "$built" != "$head" ] && git -C "$MAIN" diff --quiet "$built" "$head" -- . \
     ':!bench' ':!*.md' ':!deploy' ':!deploy-tests' ':!system-tests' ':!docker-compose.yml' ':!.ci' 2>/dev/null; then
  # HEAD moved, but nothing the run uses changed: keep the build (it takes minutes on a busy machine)
  echo "$head" > "$APP/.commit"; built=$head
fi
missing_jar=0
for s in $SERVICES; do [ -f "$APP/$s-service/target/quarkus-app/quarkus-run.jar" ] || missing_jar=1; done
for m in $EXTRA_JARS; do [ -f "$APP/$m/target/quarkus-app/quarkus-run.jar" ] || missing_jar=1; done
if [ "$built" != "$head" ] || [ "$missing_jar" = 1 ]; then
  say "building the services of HEAD ${head:0:10} in $APP (once per commit)"
  [ -f "$RUN/pids/kafka.pid" ] && "$P" down >/dev/null 2>&1 || true
  rm -rf "$APP"; mkdir -p "$APP/.run"
  git -C "$MAIN" archive HEAD | tar -x -C "$APP"
  mkdir -p "$MAIN/.run/lib"   # shared with the working tree's ./petitions: Kafka's jars are fetched once
  ln -s "$MAIN/.run/lib" "$APP/.run/lib"
  (cd "$APP" && ./mvnw -B -q -Dmaven.test.skip=true package \
    -pl "$MODULES" -am) > "$OUT/build.log" 2>&1 \
    || { tail -30 "$OUT/build.log"; die "build failed"; }
  echo "$head" > "$APP/.commit"
fi
say "bench classes (mvnw -Pbench -pl bench package)"
(cd "$MAIN" && ./mvnw -B -q -Pbench -pl bench package dependency:copy-dependencies -DoutputDirectory=target/lib \
  -DincludeScope=runtime) > "$OUT/bench-build.log" 2>&1 || { tail -30 "$OUT/bench-build.log"; die "bench build failed"; }
CP="$MAIN/bench/target/classes:$MAIN/bench/target/lib/*"
JAVA_QUIET="-Dorg.slf4j.simpleLogger.defaultLogLevel=warn"

# ---------------------------------------------------------------- a fresh instance
"$P" down >/dev/null 2>&1 || true
n=0; service_ports=""
for s in $SERVICES; do n=$((n + 1)); service_ports="$service_ports $((PETITIONS_PORT_BASE + n))"; done
[ -n "$EXTRA_JARS" ] && service_ports="$service_ports $((PETITIONS_PORT_BASE + 10))"
for port in $service_ports "$PETITIONS_KAFKA_PORT" $((PETITIONS_KAFKA_PORT + 1)) "$PETITIONS_MONGO_PORT" 24432; do
  port_open "$port" && die "port $port is taken by something else"
done
say "fresh instance in $RUN ($SERVICES on$service_ports, Kafka :$PETITIONS_KAFKA_PORT, MongoDB :$PETITIONS_MONGO_PORT, PostgreSQL :24432)"
rm -rf "$RUN/kafka/data" "$RUN/mongo" "$RUN/pg" "$RUN/logs" "$RUN/pids" "$RUN/insight-state"
cleanup() {
  [ -n "${LOAD_PID:-}" ] && kill "$LOAD_PID" 2>/dev/null || true
  [ -n "${LOADAVG_PID:-}" ] && kill "$LOADAVG_PID" 2>/dev/null || true
  "$P" down > "$OUT/down.log" 2>&1 || true
}
trap cleanup EXIT
# the machine is shared: its load average, every 10 s, goes into the report
( while :; do echo "$(now_ms) $(cut -d' ' -f1 /proc/loadavg)"; sleep 10; done ) > "$OUT/loadavg.txt" &
LOADAVG_PID=$!
t0=$(now_ms)
"$P" up > "$OUT/up.log" 2>&1 || { tail -40 "$OUT/up.log"; die "the instance did not come up"; }
say "instance up in $(( ($(now_ms) - t0) / 1000 )) s"
TOKEN=$("$P" token clerk --ttl 3600)
PG_BIN=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)

# ---------------------------------------------------------------- load
java $JAVA_QUIET -Xmx256m -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -cp "$CP" gov.petitions.bench.faults.FaultLoad \
  --rate "$RATE" --intake "$INTAKE" --bootstrap "$BOOTSTRAP" --token "$TOKEN" \
  --counties "$APP/intake-service/src/main/resources/divisions/34/counties.csv" \
  --stop-file "$OUT/stop" --status-file "$OUT/status" --max-duration 1800 --out "$OUT/petitions.jsonl" > "$OUT/load.log" 2>&1 &
LOAD_PID=$!

settle() { # at least $1 s, then until the load has caught up (no open requests, nothing lagging), at most $2 s
  local min=$1 max=$2 t_start; t_start=$(now_ms)
  sleep "$min"
  SETTLED=false
  while [ $(( $(now_ms) - t_start )) -lt $(( max * 1000 )) ]; do
    { [ -f "$OUT/status" ] && read -r _ open lagging < "$OUT/status"; } || { sleep 1; continue; }
    if [ "$open" -le "$SETTLE_OPEN" ] && [ "$lagging" -le "$SETTLE_LAGGING" ]; then SETTLED=true; break; fi
    sleep 1
  done
  SETTLE_S=$(( ($(now_ms) - t_start) / 1000 ))
  say "settled: $SETTLED after ${SETTLE_S}s (open requests ${open:-?}, petitions lagging ${lagging:-?})"
}
say "load at $RATE petitions/s (log: $OUT/load.log); warm-up at least ${WARMUP}s, until it has caught up"
settle "$WARMUP" "$WARMUP_MAX"

record() { # name target injectedAt downAt restartAt readyAt
  printf '{"fault":"%s","target":"%s","injectedAt":%s,"downAt":%s,"restartAt":%s,"readyAt":%s,"settledBefore":%s,"settleS":%s}\n' \
    "$1" "$2" "$3" "$4" "$5" "$6" "$SETTLED" "$SETTLE_S" >> "$OUT/faults.jsonl"
  say "$1: down $(( ($4 - $3) ))ms after the injection, ready $(( ($6 - $3) / 1000 )).$(( ($6 - $3) % 1000 / 100 ))s after it"
}

wait_gone() { # pid, seconds: gone or a zombie
  local i
  for i in $(seq 1 $(( $2 * 10 ))); do
    [ -d "/proc/$1" ] || return 0
    grep -q '^State:.*Z' "/proc/$1/status" 2>/dev/null && return 0
    sleep 0.1
  done
  return 1
}

restart() { # everything that is not running, then wait until every service is ready
  "$P" up >> "$OUT/restarts.log" 2>&1 || { tail -40 "$OUT/restarts.log"; die "restart failed"; }
}

for fault in $FAULT_LIST; do
  kill -0 "$LOAD_PID" 2>/dev/null || die "the load generator died (see $OUT/load.log)"
  case "$fault" in
    intake|routing|supervision|notification|insight)
      pid=$(cat "$RUN/pids/$fault.pid")
      say "kill -9 $fault-service (pid $pid)"
      injected=$(now_ms)
      kill -9 "$pid"
      wait_gone "$pid" 10 || die "$fault-service survived kill -9"
      down=$(now_ms)
      rm -f "$RUN/pids/$fault.pid"
      sleep "$SERVICE_DOWN"
      restart_at=$(now_ms)
      restart
      record "kill -9 $fault-service, restart" "$fault" "$injected" "$down" "$restart_at" "$(now_ms)" ;;
    kafka)
      pid=$(cat "$RUN/pids/kafka.pid")
      say "stopping the Kafka broker (SIGTERM, pid $pid) for ${KAFKA_DOWN}s"
      injected=$(now_ms)
      kill "$pid"
      wait_gone "$pid" 30 || { kill -9 "$pid"; wait_gone "$pid" 10; }
      down=$(now_ms)
      rm -f "$RUN/pids/kafka.pid"
      sleep "$KAFKA_DOWN"
      restart_at=$(now_ms)
      restart
      record "stop the Kafka broker, restart after ${KAFKA_DOWN}s" kafka "$injected" "$down" "$restart_at" "$(now_ms)" ;;
    postgres)
      say "stopping PostgreSQL (pg_ctl -m $PG_MODE) for ${PG_DOWN}s"
      injected=$(now_ms)
      runuser -u postgres -- "$PG_BIN/pg_ctl" -D "$RUN/pg/data" -m "$PG_MODE" -w stop > "$OUT/pg-stop.log" 2>&1
      down=$(now_ms)
      sleep "$PG_DOWN"
      restart_at=$(now_ms)
      restart # ./petitions up starts its own PostgreSQL again (pg_ctl start with the same options)
      record "stop PostgreSQL (-m $PG_MODE), restart after ${PG_DOWN}s" postgres "$injected" "$down" "$restart_at" "$(now_ms)" ;;
    *) die "unknown fault $fault" ;;
  esac
  settle "$GAP" "$SETTLE_MAX"
done
say "tail of ${TAIL}s without faults"
sleep "$TAIL"
touch "$OUT/stop"
say "load stopping; waiting for its open attempts and the drain"
wait "$LOAD_PID" || say "the load generator exited with $?"
LOAD_PID=

# ---------------------------------------------------------------- reconciliation, poison, report
STORES=(--pg 127.0.0.1:24432 --pg-user postgres --db-suffix _bench --mongo "mongodb://127.0.0.1:$PETITIONS_MONGO_PORT"
  --mongo-db notification_bench --bootstrap "$BOOTSTRAP")
say "reconciliation"
java $JAVA_QUIET -Xmx256m -cp "$CP" gov.petitions.bench.faults.Reconcile "${STORES[@]}" --petitions "$OUT/petitions.jsonl" \
  --wait 180 --out "$OUT/reconcile.json" 2>&1 | tee "$OUT/reconcile.log" | grep '^\[faults' || true
say "poison input"
java $JAVA_QUIET -Xmx256m -cp "$CP" gov.petitions.bench.faults.Poison "${STORES[@]}" --intake "$INTAKE" --token "$TOKEN" \
  --contracts "$APP/contracts" --out "$OUT/poison.json" 2>&1 | tee "$OUT/poison.log" | grep '^\[faults' || true
"$P" status > "$OUT/status.txt" 2>&1 || true
grep -c -i "exception\|error" "$RUN"/logs/*-service.log > "$OUT/log-error-counts.txt" 2>/dev/null || true
cp -r "$RUN/logs" "$OUT/logs" 2>/dev/null || true
cleanup
trap - EXIT
mkdir -p "$MAIN/bench/results"
python3 "$MAIN/bench/scripts/faults_report.py" "$OUT" "$MAIN/bench/results/faults-$STAMP" \
  --command "$(env | grep '^FAULTS_' | sort | tr '\n' ' ')bench/scripts/faults.sh --rate $RATE --faults \"$FAULT_LIST\"" --commit "$head"
