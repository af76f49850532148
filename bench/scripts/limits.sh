#!/usr/bin/env bash
# bench/scripts/limits.sh — the machine's own limits on a running broker and PostgreSQL, as JSON:
#   Kafka's ProducerPerformance (acks=all, idempotent, records the size of a petition.registered record) and a
#   pgbench single-row insert + commit with 1 and 4 clients, into a database of its own (baseline_bench).
#
#   bench/scripts/limits.sh BOOTSTRAP PG_HOST PG_PORT PG_SUPERUSER OUT_JSON
#
# `./petitions bench` runs it on its own instance after the load (services stopped, so nothing else competes);
# bench/scripts/baselines.sh on the fault harness's instance. Needs bench/target/lib (the bench module's
# dependencies, kafka-tools among them) and the Kafka jars ./petitions collects in .run/lib/kafka.
# Environment: BASELINE_RECORDS (100000), BASELINE_RECORD_SIZE (600 bytes), BASELINE_PG_SECONDS (20).
set -euo pipefail
MAIN=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
[ $# -eq 5 ] || { echo "usage: $0 BOOTSTRAP PG_HOST PG_PORT PG_SUPERUSER OUT_JSON" >&2; exit 2; }
BOOTSTRAP=$1 PG_HOST=$2 PG_PORT=$3 PG_USER=$4 OUT_JSON=$5
RECORDS=${BASELINE_RECORDS:-100000}
SIZE=${BASELINE_RECORD_SIZE:-600}   # bytes: a petition.registered record with its CloudEvents headers is about this
SECONDS_PG=${BASELINE_PG_SECONDS:-20}
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT

echo "perf.baseline 6" > "$WORK/topics.txt"
java -cp "$MAIN/.run/lib/kafka/*" "$MAIN/infra/kafka/CreateTopics.java" "$BOOTSTRAP" "$WORK/topics.txt" >/dev/null
echo "[limits] Kafka ProducerPerformance: $RECORDS records of $SIZE bytes, acks=all, idempotent" >&2
java -Xmx256m -Dorg.slf4j.simpleLogger.defaultLogLevel=warn -cp "$MAIN/bench/target/lib/*" \
  org.apache.kafka.tools.ProducerPerformance --topic perf.baseline --num-records "$RECORDS" --record-size "$SIZE" \
  --throughput -1 --producer-props bootstrap.servers="$BOOTSTRAP" acks=all enable.idempotence=true > "$WORK/kafka.txt"
tail -1 "$WORK/kafka.txt" >&2

PSQL=(psql -v ON_ERROR_STOP=1 -q -h "$PG_HOST" -p "$PG_PORT" -U "$PG_USER")
"${PSQL[@]}" -d postgres -c "DROP DATABASE IF EXISTS baseline_bench" -c "CREATE DATABASE baseline_bench"
"${PSQL[@]}" -d baseline_bench -c "CREATE TABLE row_insert (id bigserial PRIMARY KEY, payload jsonb NOT NULL, at timestamptz NOT NULL)"
echo "INSERT INTO row_insert (payload, at) VALUES ('{\"petitionId\": \"0f8b6c1e-3d2a-4b7e-9c51-2a6f4e8d7b10\", \"channel\": \"WALK_IN\"}', now());" > "$WORK/insert.sql"
PGBENCH=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)/pgbench
for clients in 1 4; do
  echo "[limits] pgbench: single-row insert + commit, $clients client(s), ${SECONDS_PG}s" >&2
  "$PGBENCH" -n -h "$PG_HOST" -p "$PG_PORT" -U "$PG_USER" -c "$clients" -j "$clients" -T "$SECONDS_PG" \
    -f "$WORK/insert.sql" baseline_bench > "$WORK/pgbench-c$clients.txt" 2>&1
  grep -E "^tps|latency average" "$WORK/pgbench-c$clients.txt" >&2
done
"${PSQL[@]}" -d postgres -c "DROP DATABASE baseline_bench"

python3 - "$WORK" "$RECORDS" "$SIZE" "$OUT_JSON" <<'EOF'
import json, os, re, sys
work, records, size, out = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4]
last = open(os.path.join(work, 'kafka.txt')).read().strip().splitlines()[-1]
m = re.search(r'([\d.]+) records/sec \(([\d.]+) MB/sec\), ([\d.]+) ms avg latency, ([\d.]+) ms max latency, '
              r'(\d+) ms 50th, (\d+) ms 95th, (\d+) ms 99th', last)
if not m:
    sys.exit('ProducerPerformance printed no summary: ' + last)
kafka = {'records': records, 'recordBytes': size, 'recordsPerS': float(m.group(1)), 'mbPerS': float(m.group(2)),
         'avgLatencyMs': float(m.group(3)), 'p99LatencyMs': int(m.group(7))}
pg = {}
for c in (1, 4):
    text = open(os.path.join(work, 'pgbench-c%d.txt' % c)).read()
    tps = re.search(r'tps = ([\d.]+)', text)
    lat = re.search(r'latency average = ([\d.]+) ms', text)
    if not tps:
        sys.exit('pgbench printed no tps: ' + text[-500:])
    pg['clients%d' % c] = {'commitsPerS': float(tps.group(1)), 'latencyMs': float(lat.group(1)) if lat else None}
json.dump({'kafkaProducerPerformance': kafka, 'pgbenchSingleRowInsert': pg}, open(out, 'w'), indent=2)
EOF
