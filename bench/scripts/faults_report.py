#!/usr/bin/env python3
"""The fault run's report: faults_report.py OUT_DIR PREFIX [--command CMD] [--commit SHA] → PREFIX.json, PREFIX.md.

Per fault (from OUT_DIR/faults.jsonl, written by faults.sh) and the per-petition data of the load generator:
  readyS            injection → the restarted process (and every service) ready again (./petitions up returned)
  failedAttempts    HTTP attempts that failed in the fault's window (each retried under the same Idempotency-Key)
  registrationBackS injection → the first 2xx after the last failed attempt of the window (0 failures: unaffected)
  newPetitionsNormalS  injection → the intended send time from which every petition sent in the next 10 s reached
                    case.assigned, the ledger entry and the receipt within the normal-latency threshold
  backlogClearedS   injection → the moment the last petition sent between the injection and that point had all
                    three outcomes
  maxE2eMs          the worst registration → last outcome latency of a petition sent in the fault's window
'Normal' is max(1 s, 2 × the p99 end-to-end latency of the petitions sent in the 25 s up to 5 s before the first fault,
which the script starts only once the load has caught up).
"""
import argparse, datetime, json, os, platform, statistics

ap = argparse.ArgumentParser()
ap.add_argument('out'); ap.add_argument('prefix')
ap.add_argument('--command', default=''); ap.add_argument('--commit', default='')
a = ap.parse_args()

def load_json(name, default=None):
    path = os.path.join(a.out, name)
    return json.load(open(path)) if os.path.exists(path) else default

faults = [json.loads(l) for l in open(os.path.join(a.out, 'faults.jsonl'))] if os.path.exists(os.path.join(a.out, 'faults.jsonl')) else []
petitions = [json.loads(l) for l in open(os.path.join(a.out, 'petitions.jsonl'))] if os.path.exists(os.path.join(a.out, 'petitions.jsonl')) else []
summary = load_json('petitions-summary.json', {})
reconcile = load_json('reconcile.json', {})
poison = load_json('poison.json', {})

def pct(values, p):
    if not values:
        return None
    values = sorted(values)
    return values[max(0, min(len(values) - 1, int(-(-p * len(values) // 100)) - 1))]

def done_at(x):
    keys = ('assignedAt', 'ledgerAt', 'acknowledgedAt')
    return max(x[k] for k in keys) if all(k in x for k in keys) else None

for x in petitions:
    x['doneAt'] = done_at(x)
    x['e2e'] = x['doneAt'] - x['dueAt'] if x['doneAt'] else None
petitions.sort(key=lambda x: x['dueAt'])
start = summary.get('startedAt') or (petitions[0]['dueAt'] if petitions else 0)
load_end = summary.get('loadEndedAt') or (petitions[-1]['dueAt'] if petitions else 0)
first_fault = faults[0]['injectedAt'] if faults else load_end
base = [x for x in petitions if max(start + 20000, first_fault - 30000) <= x['dueAt'] < first_fault - 5000 and x['petitionId']]
base_e2e = [x['e2e'] for x in base if x['e2e'] is not None]
base_http = [x['httpAt'] - x['dueAt'] for x in base if x['httpAt']]
threshold = max(1000, 2 * (pct(base_e2e, 99) or 500))
baseline = {'petitions': len(base), 'e2eMs': {'p50': pct(base_e2e, 50), 'p95': pct(base_e2e, 95), 'p99': pct(base_e2e, 99),
            'max': max(base_e2e) if base_e2e else None},
            'httpMs': {'p50': pct(base_http, 50), 'p99': pct(base_http, 99)}, 'normalThresholdMs': threshold}

STREAM_NAMES = {'httpAt': 'registrations', 'assignedAt': 'case.assigned', 'ledgerAt': 'ledger entries', 'acknowledgedAt': 'receipts'}
ALL = ['httpAt', 'assignedAt', 'ledgerAt', 'acknowledgedAt']
STREAMS = {'intake': ['httpAt'], 'routing': ['assignedAt'], 'supervision': ['ledgerAt'], 'notification': ['acknowledgedAt'],
           'insight': [], 'kafka': ALL, 'postgres': ALL}
rows = []
for i, f in enumerate(faults):
    inj = f['injectedAt']
    nxt = faults[i + 1]['injectedAt'] if i + 1 < len(faults) else load_end + 1
    window = [x for x in petitions if inj <= x['dueAt'] < nxt]
    failing = [x for x in petitions if x['lastFailureAt'] and x['lastFailureAt'] >= inj and x['firstFailureAt'] < nxt]
    failed_attempts = sum(sum(v for v in x['failures'].values()) for x in failing)
    kinds = {}
    for x in failing:
        for k, v in x['failures'].items():
            kinds[k] = kinds.get(k, 0) + v
    reg_back = None
    if failing:
        last_fail = max(x['lastFailureAt'] for x in failing)
        oks = [x['httpAt'] for x in petitions if x['httpAt'] and x['httpAt'] >= last_fail]
        reg_back = (min(oks) - inj) / 1000 if oks else None
    else:
        reg_back = 0.0
    # the first intended send from which 10 s of petitions are all normal
    normal_from = None
    for j, x in enumerate(window):
        span = [y for y in window[j:] if y['dueAt'] < x['dueAt'] + 10000]
        if span and all(y['e2e'] is not None and y['e2e'] <= threshold for y in span) and \
                (window[-1]['dueAt'] >= x['dueAt'] + 9000):
            normal_from = x['dueAt']
            break
    affected = [x for x in petitions if inj - 5000 <= x['dueAt'] <= (normal_from or nxt)]
    cleared = None
    if affected and all(x['doneAt'] for x in affected):
        cleared = (max(x['doneAt'] for x in affected) - inj) / 1000
    e2e = [x['e2e'] for x in window if x['e2e'] is not None]
    # the outcome streams the fault should stall: their longest silence from just before the injection
    horizon = min(nxt, f['readyAt'] + 120000)
    stall = {}
    for stream in STREAMS[f['target']]:
        times = sorted(x[stream] for x in petitions if x.get(stream))
        before = [t for t in times if t <= inj]
        prev = before[-1] if before else inj
        gap, resumed = 0, None
        for t in (t for t in times if inj < t <= horizon):
            if t - prev > gap:
                gap, resumed = t - prev, t
            prev = t
        if resumed is None:  # silent through the whole window: the first arrival after it, if any
            later = [t for t in times if t > horizon]
            gap, resumed = ((later[0] if later else load_end) - prev), (later[0] if later else None)
        stall[stream] = {'longestSilenceS': round(gap / 1000, 1), 'resumedS': None if resumed is None else round((resumed - inj) / 1000, 1)}
    rows.append({
        'fault': f['fault'] + (' (after the load had stopped)' if inj > load_end else ''), 'target': f['target'],
        'injectedAt': datetime.datetime.fromtimestamp(inj / 1000, datetime.timezone.utc).isoformat(timespec='milliseconds'),
        'atS': round((inj - start) / 1000, 1),
        'goneAfterS': round((f['downAt'] - inj) / 1000, 2),
        'restartIssuedAfterS': round((f['restartAt'] - inj) / 1000, 1),
        'readyS': round((f['readyAt'] - inj) / 1000, 1),
        'petitionsInWindow': len(window),
        'failedAttempts': failed_attempts, 'failureKinds': kinds, 'petitionsRetried': len(failing),
        'registrationBackS': None if reg_back is None else round(reg_back, 1),
        'newPetitionsNormalS': None if normal_from is None else round((normal_from - inj) / 1000, 1),
        'backlogClearedS': None if cleared is None else round(cleared, 1),
        'maxE2eMs': max(e2e) if e2e else None, 'p99E2eMs': pct(e2e, 99),
        'outcomeStall': stall, 'settledBefore': f.get('settledBefore'), 'settleS': f.get('settleS'),
    })

# latency over time, 10 s buckets of intended send time
timeline = []
if petitions:
    t = start
    while t < load_end:
        bucket = [x for x in petitions if t <= x['dueAt'] < t + 10000]
        e2e = [x['e2e'] for x in bucket if x['e2e'] is not None]
        timeline.append({'s': round((t - start) / 1000), 'sent': len(bucket),
                         'registered': sum(1 for x in bucket if x['petitionId']),
                         'retried': sum(1 for x in bucket if x['attempts'] > 1),
                         'e2eP50Ms': pct(e2e, 50), 'e2eMaxMs': max(e2e) if e2e else None})
        t += 10000

passed = bool(reconcile.get('pass')) and bool(poison.get('pass'))
doubles = {k: sum(1 for x in petitions if x.get(k + 'DistinctEvents')) for k in ('assigned', 'ledger', 'acknowledged')}
loadavg = []
if os.path.exists(os.path.join(a.out, 'loadavg.txt')):
    loadavg = [float(l.split()[1]) for l in open(os.path.join(a.out, 'loadavg.txt')) if len(l.split()) == 2]
machine_load = {'mean': round(statistics.mean(loadavg), 1) if loadavg else None, 'max': max(loadavg) if loadavg else None}
report = {
    'when': datetime.datetime.now(datetime.timezone.utc).isoformat(timespec='seconds'),
    'command': a.command, 'commit': a.commit,
    'machine': '%d cores, %s' % (os.cpu_count(), next((l.split(':', 1)[1].strip() for l in open('/proc/cpuinfo') if l.startswith('model name')), '?')),
    'pass': passed,
    'load': summary, 'machineLoadAverage1m': machine_load, 'outcomeEventsWithTwoIds': doubles, 'baseline': baseline, 'faults': rows,
    'reconciliation': {k: v for k, v in reconcile.items() if k not in ('problems', 'deadLetterRecords')},
    'reconciliationProblems': dict(list(reconcile.get('problems', {}).items())[:200]),
    'deadLetterRecords': reconcile.get('deadLetterRecords', [])[:50],
    'poison': poison, 'timeline10s': timeline, 'rawData': a.out,
}
json.dump(report, open(a.prefix + '.json', 'w'), indent=2, ensure_ascii=False)

def fmt(v, unit=''):
    return '—' if v is None else ('%s%s' % (v, unit))

md = ['# Fault injection: %s' % ('PASSED' if passed else 'FAILED'), '',
      'Run %s on %s (everything on this machine, the load generator included); commit `%s`.' % (report['when'], report['machine'], a.commit[:10]), '',
      'Command: `%s`' % a.command, '',
      'Load: %s petitions/s offered for %.0f s, each under its own `Idempotency-Key`, failed attempts retried with the same key: '
      '%s intended, %s registered, %s retried, %s answered `Idempotent-Replayed: true`, %s never registered, %s failed attempts.' % (
          summary.get('rate'), (load_end - start) / 1000, summary.get('intended'), summary.get('ok'), summary.get('retried'),
          summary.get('replayed'), summary.get('gaveUp'), summary.get('failedAttempts')), '',
      'The machine is shared with other engineers\' builds and tests: its 1-minute load average during the run was %s on average, '
      '%s at most (2 cores).' % (machine_load['mean'], machine_load['max']), '',
      'Outcome events seen on the topics under two different event ids for one petition (a real duplicate, not a redelivery): '
      'case.assigned %s, ledger ASSIGNED %s, receipt delivered %s; the same event seen twice (at-least-once redelivery, harmless): %s.' % (
          doubles['assigned'], doubles['ledger'], doubles['acknowledged'], summary.get('sameEventRedelivered')), '',
      'Before the first fault (%d petitions): end-to-end (intended send → assigned, ledgered and receipt delivered) p50 %s ms, '
      'p99 %s ms, HTTP p50 %s ms; "normal" below means under %s ms.' % (
          baseline['petitions'], fmt(baseline['e2eMs']['p50']), fmt(baseline['e2eMs']['p99']), fmt(baseline['httpMs']['p50']), threshold), '',
      '| fault | at (s into the load; steady before?) | ready again | outcomes stalled: longest silence → resumed | failed HTTP attempts (petitions) | registration back | new petitions normal | backlog cleared | worst end-to-end |',
      '|---|---|---|---|---|---|---|---|---|']
for r in rows:
    md.append('| %s | %s (%s) | %s s | %s | %s (%s) %s | %s | %s | %s | %s |' % (
        r['fault'], r['atS'], 'yes' if r['settledBefore'] else 'NO, after %s s' % r['settleS'], r['readyS'],
        '; '.join('%s %s s → %s s' % (STREAM_NAMES[k], v['longestSilenceS'], fmt(v['resumedS'])) for k, v in r['outcomeStall'].items()) or 'none per petition',
        r['failedAttempts'], r['petitionsRetried'],
        ', '.join('%s ×%d' % (k, v) for k, v in sorted(r['failureKinds'].items())) if r['failureKinds'] else '',
        fmt(r['registrationBackS'], ' s'), fmt(r['newPetitionsNormalS'], ' s'), fmt(r['backlogClearedS'], ' s'),
        fmt(None if r['maxE2eMs'] is None else round(r['maxE2eMs'] / 1000, 1), ' s')))
if summary.get('failureSamples'):
    md += ['', 'First failed attempt of each kind: ' + '; '.join('%s: `%s`' % (k, v[:160].replace('|', '/').replace('`', "'")) for k, v in summary['failureSamples'].items())]
md += ['', 'All times after the injection. *Outcomes stalled*: the longest silence, from the last arrival before the injection, of the outcome stream the fault hits (registrations for intake, case.assigned for routing, ledger entries for supervision, receipts for notification, all four for the broker and the database), and when the stream resumed. *Ready again*: `./petitions up` returned, i.e. the restarted process is up and every '
       'service answers `/q/health/ready` on its management port. *Registration back*: the first 2xx after the last failed attempt. *New petitions '
       'normal*: from this send time on, 10 s of petitions all completed within the threshold. *Backlog cleared*: every petition '
       'sent from 5 s before the fault to that point had all three outcomes.', '']
rc = reconcile
md += ['## Reconciliation: %s' % ('PASSED' if rc.get('pass') else 'FAILED'), '',
       '| check | result |', '|---|---|',
       '| petitions registered (2xx) | %s |' % rc.get('registered'),
       '| never registered (gave up) | %s |' % rc.get('neverRegistered'),
       '| petitions in intake\'s database / none the generator got | %s / %s |' % (rc.get('intakePetitions'), rc.get('intakePetitionsNobodyGot')),
       '| one petition id answered to two keys | %s |' % rc.get('idsSharedByTwoKeys'),
       '| petitions lacking or doubling an assignment, ledger entry or receipt | %s |' % rc.get('petitionsWithProblems'),
       '| totals: assignments / ledger entries / receipts | %s / %s / %s |' % tuple((rc.get('totals') or {}).get(k) for k in ('assignments', 'ledgerEntries', 'receipts')),
       '| dead letters | %s |' % rc.get('deadLetters'),
       '| waited for the system to catch up | %s s |' % rc.get('waitedS'), '']
if rc.get('problemTally'):
    md += ['Problems: ' + ', '.join('%s ×%s' % kv for kv in rc['problemTally'].items()), '']
    md += ['First petitions with problems:', '']
    md += ['- `%s`: %s' % (k, '; '.join(v)) for k, v in list(rc.get('problems', {}).items())[:20]] + ['']
if rc.get('deadLettersByReason'):
    md += ['Dead letters by reason: ' + json.dumps(rc['deadLettersByReason'], ensure_ascii=False), '']
po = poison
md += ['## Poison input: %s' % ('PASSED' if po.get('pass') else 'FAILED'), '',
       '%s records (not JSON, wrong shape, unknown `ce_type`; valid CloudEvents headers otherwise) on every partition of every '
       'consumed topic; %s dead letters expected (one per record and consuming service), %s missing, %s unexpected; '
       '%s of %s petitions registered afterwards (covering %s of 6 partitions) assigned, ledgered and acknowledged; '
       'anything made of a poison record: %s (plus %s notification documents).' % (
           po.get('poisonRecords'), po.get('expectedDeadLetters'), po.get('missingDeadLetters'), po.get('unexpectedDeadLetters'),
           po.get('goodPetitionsComplete'), po.get('goodPetitions'), po.get('partitionsCovered'), po.get('poisonTurnedIntoSomething'),
           po.get('notificationDocumentsForPoisonKeys')), '',
       '| topic | service | kind | sent | in its DLQ | reason (first) |', '|---|---|---|---|---|---|']
for r in po.get('byTopicServiceKind', []):
    md.append('| %s | %s | %s | %s | %s | %s |' % (r['topic'], r['service'], r['kind'], r['sent'], r['inDlq'],
                                                 (r.get('reason') or '—').replace('|', '/')[:140]))
md += ['', '## End-to-end latency over the run (10 s buckets of intended send time)', '',
       '| s | sent | registered | retried | e2e p50 ms | e2e max ms |', '|---|---|---|---|---|---|']
for b in timeline:
    note = ', '.join(f['fault'] for f in faults if b['s'] * 1000 <= f['injectedAt'] - start < b['s'] * 1000 + 10000)
    md.append('| %s%s | %s | %s | %s | %s | %s |' % (b['s'], (' ← ' + note) if note else '', b['sent'], b['registered'],
                                                 b['retried'], fmt(b['e2eP50Ms']), fmt(b['e2eMaxMs'])))
md += ['', 'Raw data (per-petition JSON lines, service logs): `%s`.' % a.out]
open(a.prefix + '.md', 'w').write('\n'.join(md) + '\n')
print('\n'.join(md[:40]))
print('report: %s.json and %s.md' % (a.prefix, a.prefix))
