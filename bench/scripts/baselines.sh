#!/usr/bin/env bash
# bench/scripts/baselines.sh — the machine's own limits, on the same kind of broker and PostgreSQL the system runs on:
#   Kafka's ProducerPerformance (acks=all, idempotent, the size of a petition.registered record) and a pgbench-style
#   single-row insert + commit (1 and 4 clients). Runs on the fault harness's instance (.run/faults, its own ports and
#   its own PostgreSQL on 24432; `./petitions infra up` of the HEAD snapshot faults.sh builds), not while faults.sh runs.
#   Writes bench/results/baselines-<time>.json and .md, with the latest benchmark's figures as ratios of these.
set -euo pipefail
MAIN=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
export PETITIONS_ENV=bench PETITIONS_PORT_BASE=${FAULTS_PORT_BASE:-24080} PETITIONS_KAFKA_PORT=${FAULTS_KAFKA_PORT:-24192}
export PETITIONS_MONGO_PORT=${FAULTS_MONGO_PORT:-24027} PETITIONS_RUN_DIR=$MAIN/.run/faults PETITIONS_PG_PORT=24432
RUN=$PETITIONS_RUN_DIR
P=$MAIN/.run/faults-app/petitions
[ -x "$P" ] || { echo "run bench/scripts/faults.sh once first (it builds the snapshot this uses)" >&2; exit 1; }
RECORDS=${BASELINE_RECORDS:-100000}
SIZE=${BASELINE_RECORD_SIZE:-600}   # bytes: a petition.registered record with its CloudEvents headers is about this
SECONDS_PG=${BASELINE_PG_SECONDS:-20}
STAMP=$(date -u +%Y%m%dT%H%M%SZ)
OUT=$RUN/baselines-$STAMP
mkdir -p "$OUT"
exec 9>"$RUN/.lock"
flock -n 9 || { echo "a fault run holds $RUN/.lock" >&2; exit 1; }

(cd "$MAIN" && ./mvnw -B -q -Pbench -pl bench package dependency:copy-dependencies -DoutputDirectory=target/lib \
  -DincludeScope=runtime) > "$OUT/build.log" 2>&1
"$P" down >/dev/null 2>&1 || true
rm -rf "$RUN/kafka/data" "$RUN/mongo" "$RUN/pg" "$RUN/pids" "$RUN/insight-state"
trap '"$P" down > "$OUT/down.log" 2>&1 || true' EXIT
"$P" infra up > "$OUT/infra.log" 2>&1

BASELINE_RECORDS=$RECORDS BASELINE_RECORD_SIZE=$SIZE BASELINE_PG_SECONDS=$SECONDS_PG \
  "$MAIN/bench/scripts/limits.sh" "127.0.0.1:$PETITIONS_KAFKA_PORT" 127.0.0.1 24432 postgres "$OUT/limits.json"

python3 - "$OUT" "$MAIN/bench/results" "$STAMP" "$RECORDS" "$SIZE" <<'EOF'
import glob, json, os, sys
out, results, stamp, records, size = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4]), int(sys.argv[5])
limits = json.load(open(os.path.join(out, 'limits.json')))
kafka, pg = limits['kafkaProducerPerformance'], limits['pgbenchSingleRowInsert']
benches = sorted(glob.glob(os.path.join(results, 'bench-*-r*.json')))
ours = json.load(open(benches[-1])) if benches else None
machine = '%d cores, %s' % (os.cpu_count(), next((l.split(':', 1)[1].strip() for l in open('/proc/cpuinfo') if l.startswith('model name')), '?'))
load = open('/proc/loadavg').read().split()[0]
report = {'when': stamp, 'machine': machine, 'loadAverage1mAtEnd': float(load), 'kafkaProducerPerformance': kafka, 'pgbenchSingleRowInsert': pg}
md = ['# The machine\'s limits (%s)' % stamp, '', 'Machine: %s; 1-minute load average at the end %s (shared with other work).' % (machine, load), '',
      '| measure | result |', '|---|---|',
      '| Kafka ProducerPerformance, %d × %d B, acks=all, idempotent | %s records/s (%s MB/s), avg %s ms, p99 %s ms |' % (
          records, size, kafka.get('recordsPerS'), kafka.get('mbPerS'), kafka.get('avgLatencyMs'), kafka.get('p99LatencyMs')),
      '| PostgreSQL single-row insert + commit, 1 client | %s commits/s, %s ms each |' % (pg['clients1']['commitsPerS'], pg['clients1']['latencyMs']),
      '| PostgreSQL single-row insert + commit, 4 clients | %s commits/s |' % pg['clients4']['commitsPerS']]
if ours:
    rate = ours.get('acknowledgedPerS')
    report['latestBenchmark'] = {'file': os.path.basename(benches[-1]), 'acknowledgedPerS': rate}
    # a petition is ~8 commits (intake 1, three relays, routing 1, supervision 2, notification) and ~5 records
    report['ratios'] = {'petitionsPerS/kafkaRecordsPerS': rate / kafka['recordsPerS'],
                        'petitionsPerS/pgCommitsPerS(4 clients)': rate / pg['clients4']['commitsPerS']}
    md += ['', 'Latest benchmark (%s): %.1f petitions/s acknowledged = %.4f of the broker\'s records/s and %.4f of PostgreSQL\'s '
           'commits/s (4 clients); a petition costs about 5 records and 8 commits.' % (
               os.path.basename(benches[-1]), rate, report['ratios']['petitionsPerS/kafkaRecordsPerS'],
               report['ratios']['petitionsPerS/pgCommitsPerS(4 clients)'])]
json.dump(report, open(os.path.join(results, 'baselines-%s.json' % stamp), 'w'), indent=2)
open(os.path.join(results, 'baselines-%s.md' % stamp), 'w').write('\n'.join(md) + '\n')
print('\n'.join(md))
EOF
