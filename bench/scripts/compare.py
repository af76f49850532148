#!/usr/bin/env python3
"""Our benchmark result beside the Flowable peer's at the same rate: a Markdown report with ratios."""
import json, sys

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
text = ['# Benchmark: %s petitions/s, %s s window' % (ours['targetRatePerS'], ours['windowS']), '',
        'Machine: ' + ours['machine'], '',
        'Ours: HTTP registration → case.assigned → ledger entry → acknowledgement delivered, through Kafka, '
        'five services, PostgreSQL, the MongoDB stand-in. Peer: Flowable 7.1 on PostgreSQL doing the same path '
        '(route, ledger insert, notification insert, wait in the accept task) in one JVM.', '']
text += rows
text += ['', 'Our latency (ms from the intended send): ' + json.dumps(lat), '',
         'Our CPU ms per petition by process: ' + json.dumps(cpu), '',
         'Peak RSS MB: ' + json.dumps(ours['peakRssMb']), '',
         'Missing after drain: ' + json.dumps(ours['missingAfterDrain']) + '; duplicates: ' + str(ours['duplicateOutcomes'])]
open(out, 'w').write('\n'.join(text) + '\n')
print('\n'.join(text))
