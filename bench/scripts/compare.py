#!/usr/bin/env python3
"""Our benchmark result beside the Flowable peer's at the same rate: a Markdown report with ratios."""
import json, os, sys

# per petition, unbatched: petition.registered, case.assigned, case.status-changed (the ledger), the receipt's
# notification.delivered and one more notification record; commits: intake, its relay, routing, its relay, supervision
# (two events), its relay — notification writes to MongoDB
RECORDS_PER_PETITION = 5
COMMITS_PER_PETITION = 8

ours = json.load(open(sys.argv[1]))
peers = [json.loads(l) for l in open(sys.argv[2]) if l.strip()] if len(sys.argv) > 2 else []
out = sys.argv[3] if len(sys.argv) > 3 else sys.argv[1].replace('.json', '.md')

lat = ours['latencyMs']
cpu = ours['cpuMsPerPetitionInWindow']
rows = [
    '| measure | ours | ' + ' | '.join('Flowable %s' % p['variant'] for p in peers) + ' |',
    '|---|---|' + '---|' * len(peers),
]
def ratio(a, b):
    return '%.2f×' % (a / b) if a and b else 'n/a'
def row(name, value, peer_key, fmt='%.1f'):
    cells = []
    for p in peers:
        pv = p.get(peer_key)
        cells.append((fmt % pv if pv is not None else 'n/a') + ' (ours/peer ' + ratio(value, pv) + ')')
    rows.append('| %s | %s | %s |' % (name, fmt % value if value is not None else 'n/a', ' | '.join(cells)))

row('throughput, petitions/s (ours: acknowledged; peer: reached accept)', ours['acknowledgedPerS'], 'reachedPerS')
row('p50 latency ms (ours: to acknowledgement; peer: to accept task)', lat['acknowledged'].get('p50'), 'p50ms')
row('p99 latency ms', lat['acknowledged'].get('p99'), 'p99ms')
row('CPU ms per petition, whole system in window', cpu['systemTotal'], 'cpuMsPerPetition', '%.2f')
done = ours.get('cpuMsPerAcknowledgedInWindow')
if done:
    row('CPU ms per petition acknowledged in the window (%d acknowledged)' % ours['acknowledgedInWindow'],
        done['systemTotal'], 'cpuMsPerPetition', '%.2f')
command = './petitions bench --rate %g --warmup %s --duration %s%s' % (
    ours['targetRatePerS'], ours['warmupS'], ours['windowS'], ' --peer' if peers else '')
text = ['# Benchmark: %s petitions/s, %s s window' % (ours['targetRatePerS'], ours['windowS']), '',
        'Machine: ' + ours['machine'], '',
        'Reproduce: `%s`' % command, '',
        'Ours: HTTP registration → case.assigned → ledger entry → acknowledgement delivered, through Kafka, '
        'five services, PostgreSQL, the MongoDB stand-in. Peer: Flowable 7.1 on PostgreSQL doing the same path '
        '(route, ledger insert, notification insert, wait in the accept task) in one JVM.', '']
text += rows
text += ['', 'Our latency (ms from the intended send): ' + json.dumps(lat), '',
         'Our CPU ms per petition by process: ' + json.dumps(cpu), '',
         'Peak RSS MB: ' + json.dumps(ours['peakRssMb']), '',
         'Missing after drain: ' + json.dumps(ours['missingAfterDrain']) + '; duplicates: ' + str(ours['duplicateOutcomes'])]
limits_file = sys.argv[1].replace('.json', '-limits.json')
if os.path.exists(limits_file):
    # the machine's limits, measured on the same broker and PostgreSQL right after the load (limits.sh)
    limits = json.load(open(limits_file))
    kafka, pg = limits['kafkaProducerPerformance'], limits['pgbenchSingleRowInsert']
    rate = ours['acknowledgedPerS']
    records, commits = RECORDS_PER_PETITION, COMMITS_PER_PETITION
    text += ['', '## The machine\'s limits, same broker and PostgreSQL, same run', '',
             '| measure | limit | ours as a share of it |', '|---|---|---|',
             '| Kafka ProducerPerformance, %d B records, acks=all, idempotent | %.0f records/s | %.1f petitions/s × ~%d records '
             '= %.2f %% |' % (kafka['recordBytes'], kafka['recordsPerS'], rate, records,
                              100 * rate * records / kafka['recordsPerS']),
             '| PostgreSQL single-row insert + commit, 1 client | %.0f commits/s (%.2f ms) | %.1f petitions/s × ~%d commits '
             '= %.1f %% |' % (pg['clients1']['commitsPerS'], pg['clients1']['latencyMs'] or 0, rate, commits,
                              100 * rate * commits / pg['clients1']['commitsPerS']),
             '| PostgreSQL single-row insert + commit, 4 clients | %.0f commits/s | %.1f %% |' % (
                 pg['clients4']['commitsPerS'], 100 * rate * commits / pg['clients4']['commitsPerS']), '',
             'At ~%d records and ~%d commits per petition (one each unbatched), these limits alone would allow '
             '%.0f petitions/s on the broker and %.0f on PostgreSQL (4 clients); the 1,000/s target needs commits '
             'shared by many petitions.' % (records, commits, kafka['recordsPerS'] / records,
                                            pg['clients4']['commitsPerS'] / commits)]
    ours['machineLimits'] = limits
ours['command'] = command
json.dump(ours, open(sys.argv[1], 'w'), indent=2)  # the result file carries its command line and limits too
open(out, 'w').write('\n'.join(text) + '\n')
print('\n'.join(text))
