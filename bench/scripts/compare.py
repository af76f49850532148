#!/usr/bin/env python3
"""Our benchmark result beside the Flowable peer's: a Markdown report.

    bench/scripts/compare.py bench/results/bench-<time>-r20[-search].json [bench-…-peer.jsonl] [out.md]

Reads the result of gov.petitions.bench.LoadGenerator, the peer's fixed-rate rows (peer.sh, JSON lines), the peer's
step search (<result>-peer-search.json, PeerSearch) and the machine's limits (<result>-limits.json) when they exist.
Every figure is measured in the run: the sustainable rates are the highest offered rates each system kept up with
(docs/benchmark.md), CPU is per *completed* petition, records and commits per petition are counted on the broker and
in pg_stat_database — nothing here is assumed."""
import json, os, sys

ours_file = sys.argv[1]
ours = json.load(open(ours_file))
peer_file = sys.argv[2] if len(sys.argv) > 2 and sys.argv[2].endswith('.jsonl') else None
peers = [json.loads(l) for l in open(peer_file) if l.strip()] if peer_file and os.path.exists(peer_file) else []
out = sys.argv[3] if len(sys.argv) > 3 else ours_file.replace('.json', '.md')
search_file = ours_file.replace('.json', '-peer-search.json')
peer_search = json.load(open(search_file)) if os.path.exists(search_file) else None
limits_file = ours_file.replace('.json', '-limits.json')
fixed = ours['fixedRate']
search = ours.get('search')


def f(value, fmt='%.1f', none='—'):
    return none if value is None else fmt % value


def lat(stats, key):
    """a percentile, or 'lost' when it falls among the petitions that never got there"""
    if stats is None:
        return '—'
    if stats.get(key) is None:
        return 'lost' if stats.get('failed') else '—'
    return '%.0f' % stats[key]


def lag_row(name, stage):
    """one row of the index lag table: the gauge per topic and the end-to-end samples of a stage's window"""
    lag = stage.get('searchIndexLag')
    if not lag:
        return None
    cells = [name]
    by_topic = (lag.get('gauge') or {}).get('byTopicMs') or {}
    for topic in ('case.assigned', 'case.status-changed'):
        g = by_topic.get(topic)
        cells.append('%s / %s / %s' % (lat(g, 'p50'), lat(g, 'p99'), lat(g, 'max')) if g else '—')
    e = lag.get('endToEnd') or {}
    for key in ('fromEventMs', 'fromSeenMs'):
        s = e.get(key)
        cells.append('%s / %s / %s / %s' % (lat(s, 'p50'), lat(s, 'p95'), lat(s, 'p99'), lat(s, 'max')) if s else '—')
    cells.append('%s (%s timed out)' % (e.get('samples', 0), e.get('timedOut', 0)))
    return '| ' + ' | '.join(cells) + ' |'


def lag_table(rows):
    rows = [r for r in rows if r]
    if not rows:
        return []
    return ['| stage | gauge case.assigned p50 / p99 / max ms | gauge case.status-changed p50 / p99 / max ms | '
            'end to end from the event p50 / p95 / p99 / max ms | from the generator seeing it p50 / p95 / p99 / max ms | '
            'samples |', '|---|---|---|---|---|---|'] + rows


def ratio(a, b):
    return '%.2f×' % (a / b) if a and b else 'n/a'


def stage_rows(stage):
    l = stage['latencyMs']
    cpu = stage['cpuMsPerCompleted']
    return [
        ('offered, petitions/s', f(stage['offeredRate'])),
        ('acknowledged in the window, petitions/s', f(stage['acknowledgedRate'], '%.2f')),
        ('backlog growth over the window (petitions)', f(stage['backlog']['growth'], '%.0f')),
        ('sustained (criteria below)', 'yes' if stage['sustained']['passed'] else 'no: ' + '; '.join(stage['sustained']['reasons'])),
        ('p50 / p99 to case.assigned, ms', '%s / %s' % (lat(l['assigned'], 'p50'), lat(l['assigned'], 'p99'))),
        ('p50 / p99 to the acknowledgement, ms', '%s / %s' % (lat(l['acknowledged'], 'p50'), lat(l['acknowledged'], 'p99'))),
        ('p50 / p99 HTTP answer, ms', '%s / %s' % (lat(l['http'], 'p50'), lat(l['http'], 'p99'))),
        ('CPU ms per completed petition, whole system (PostgreSQL in, load generator out)', f(cpu.get('systemTotal'), '%.2f')),
        ('load generator CPU ms per completed petition (apart)', f(cpu.get('load-generator'), '%.2f')),
        ('broker records per completed petition (counted)', f((stage.get('brokerRecordsPerCompleted') or {}).get('total'), '%.2f')),
        ('PostgreSQL commits per completed petition (counted)', f((stage.get('pgCommitsPerCompleted') or {}).get('total'), '%.2f')),
        ('lost (HTTP error, time-out, or an outcome missing after the drain)', str(stage['lost']['total'])),
    ] + ([('search index lag end to end p50 / p99, ms (from the event; samples, timed out)', '%s / %s (%s, %s)' % (
        lat(e2e['fromEventMs'], 'p50'), lat(e2e['fromEventMs'], 'p99'), e2e['samples'], e2e['timedOut']))]
         if (e2e := (stage.get('searchIndexLag') or {}).get('endToEnd')) else [])


crit = ours['criteria']
criteria_text = ('Sustained means, over the window: acknowledged rate ≥ %.0f %% of the offered rate; the backlog (sent, '
                 'not yet acknowledged) grows by at most %.1f s × the offered rate between the first and the last tenth '
                 'of the window; p99 from the intended send to the acknowledgement < %.0f ms with every lost petition '
                 'ranked as a failure; nothing lost. The peer reports only its backlog at the window\'s end: at most '
                 'offered rate × %.0f s.' % (100 * (1 - crit['tolerance']), crit['backlogGrowthS'], crit['p99LimitMs'],
                                            crit['p99LimitMs'] / 1000))

text = ['# Benchmark %s' % ours['when'], '', 'Machine: %s; load average at the start %s, at the end %s.' % (
    ours['machine'], ours.get('loadAverageAtStart'), ours.get('loadAverageAtEnd')), '']
if ours.get('command'):
    text += ['Reproduce: `%s`' % ours['command'], '']
if ours.get('serviceJvm'):
    text += ['The services\' JVM options (`PETITIONS_JAVA_OPTS` to change them): `%s`.' % ours['serviceJvm'], '']
if ours.get('autovacuum'):
    av = ours['autovacuum']
    text += ['PostgreSQL\'s autovacuum: %s (%d analyses, %d vacuums).' % (av['state'], av['analyses'], av['vacuums']), '']
text += ['Ours: HTTP registration → case.assigned → ledger entry → acknowledgement delivered, through Kafka, five '
         'services, PostgreSQL, the MongoDB stand-in. Peer: Flowable 7.1 on PostgreSQL doing the same path (route, '
         'ledger insert, notification insert, wait in the accept task) in one JVM.', '']

# ---------------------------------------------------------------- sustained vs sustained
if search:
    text += ['## Sustainable throughput', '', criteria_text, '']
    header = ['| | ours']
    cells = [('sustained rate, petitions/s', f(search.get('sustainedRate')))]
    at = search.get('atSustainedRate')
    rows = {'sustained rate, petitions/s': [f(search.get('sustainedRate'))],
            'p99 to the acknowledgement at that rate, ms': [lat(at['latencyMs']['acknowledged'], 'p99') if at else '—'],
            'CPU ms per completed petition at that rate': [f(at['cpuMsPerCompleted'].get('systemTotal'), '%.2f') if at else '—']}
    for variant, v in ((peer_search or {}).get('variants') or {}).items():
        header.append('Flowable %s' % variant)
        s = v.get('atSustainedRate') or {}
        r = s.get('result') or {}
        rows['sustained rate, petitions/s'].append('%s (ours/peer %s)' % (f(v.get('sustainedRate')),
                                                                      ratio(search.get('sustainedRate'), v.get('sustainedRate'))))
        rows['p99 to the acknowledgement at that rate, ms'].append(f(r.get('p99ms'), '%.0f') + ' (to the accept task)')
        rows['CPU ms per completed petition at that rate'].append('%s (ours/peer %s)' % (
            f(r.get('cpuMsPerPetition'), '%.2f'), ratio(at['cpuMsPerCompleted'].get('systemTotal') if at else None, r.get('cpuMsPerPetition'))))
    text += [' | '.join(header) + ' |', '|---' * (len(header) + 1) + '|']
    text += ['| %s | %s |' % (k, ' | '.join(v)) for k, v in rows.items()]
    text += ['', 'Our steps (each %s s warm-up, %s s window, on the same running system):' % (search['stepWarmupS'], search['stepWindowS']), '',
             '| offered /s | acknowledged /s | backlog growth | p99 → assigned ms | p99 → ack ms | lost | CPU ms / completed | sustained |',
             '|---|---|---|---|---|---|---|---|']
    for st in search['steps']:
        text.append('| %s | %s | %s | %s | %s | %s | %s | %s |' % (
            f(st['offeredRate']), f(st['acknowledgedRate'], '%.2f'), f(st['backlog']['growth'], '%.0f'),
            lat(st['latencyMs']['assigned'], 'p99'), lat(st['latencyMs']['acknowledged'], 'p99'), st['lost']['total'],
            f(st['cpuMsPerCompleted'].get('systemTotal'), '%.2f'),
            'yes' if st['sustained']['passed'] else 'no: ' + '; '.join(st['sustained']['reasons'])))
    for variant, v in ((peer_search or {}).get('variants') or {}).items():
        text += ['', 'Flowable %s steps (%s s warm-up, %s s window, a fresh database each):' % (
            variant, peer_search['warmupS'], peer_search['windowS']), '',
                 '| offered /s | reached /s | backlog at window end | p99 ms | lost | CPU ms / completed | sustained |',
                 '|---|---|---|---|---|---|---|']
        for st in v['steps']:
            r = st.get('result') or {}
            text.append('| %s | %s | %s | %s | %s | %s | %s |' % (
                st['offeredRate'], f(r.get('reachedPerS')), r.get('backlogAtWindowEnd', '—'), f(r.get('p99ms'), '%.0f'),
                st.get('lost', '—'), f(r.get('cpuMsPerPetition'), '%.2f'),
                'yes' if st['passed'] else 'no: ' + '; '.join(st['reasons'])))
    if search.get('steps') and search['steps'][0].get('searchIndexLag'):
        text += ['', 'Search\'s index lag at each step (see *Search\'s index lag* below):', '']
        text += lag_table([lag_row('%s /s%s' % (f(st['offeredRate']), ' (sustained)' if st['sustained']['passed'] else ''), st)
                           for st in search['steps']])
    text.append('')
elif not search:
    text += ['No sustainable-rate search in this run (`--find-sustainable`): the figures below are at one offered rate, '
             'and an offered rate is not a throughput.', '']

# ---------------------------------------------------------------- the fixed rate
text += ['## At a fixed offered rate of %s petitions/s' % f(fixed['offeredRate'], '%g'), '']
steady = fixed.get('steadyState')
if steady:
    text += ['Warm-up %d s: CPU ms per completed petition over consecutive %d s windows %s — %s.' % (
        fixed['warmupS'], steady['windowS'], ', '.join(f(x, '%.1f') for x in steady['cpuMsPerCompletedByWindow']),
        'steady (the last two within %.0f %%)' % (100 * steady['tolerance']) if steady['reached']
        else 'NOT steady by the end of the allowed warm-up'), '']
header = ['| measure | ours'] + ['Flowable %s' % p['variant'] for p in peers]
text += [' | '.join(header) + ' |', '|---' * (len(header) + 1) + '|']
peer_values = {
    'acknowledged in the window, petitions/s': lambda p: f(p.get('reachedPerS')) + ' (reached accept)',
    'p50 / p99 to the acknowledgement, ms': lambda p: '%s / %s (to accept)' % (f(p.get('p50ms'), '%.0f'), f(p.get('p99ms'), '%.0f')),
    'CPU ms per completed petition, whole system (PostgreSQL in, load generator out)':
        lambda p: '%s (ours/peer %s)' % (f(p.get('cpuMsPerPetition'), '%.2f'), ratio(fixed['cpuMsPerCompleted'].get('systemTotal'), p.get('cpuMsPerPetition'))),
    'PostgreSQL commits per completed petition (counted)': lambda p: f(p.get('commitsPerPetition'), '%.2f'),
    'lost (HTTP error, time-out, or an outcome missing after the drain)':
        lambda p: str(p.get('startErrors', 0) + max(0, p.get('startedTotal', 0) - p.get('reachedTotal', 0))) + ('' if p.get('verified') else ' (not verified)'),
}
for name, value in stage_rows(fixed):
    text.append('| %s | %s | %s |' % (name, value, ' | '.join(peer_values.get(name, lambda p: '—')(p) for p in peers)) if peers
                else '| %s | %s |' % (name, value))
l = fixed['latencyMs']
text += ['', 'Latency in ms from the intended send, petitions sent in the window; "lost" where the percentile falls among '
         'petitions that never got there:', '', '| to | completed | lost | p50 | p95 | p99 | max |', '|---|---|---|---|---|---|---|']
for k, v in l.items():
    text.append('| %s | %d | %d | %s | %s | %s | %s |' % (k, v['completed'], v['failed'], lat(v, 'p50'), lat(v, 'p95'),
                                                          lat(v, 'p99'), lat(v, 'max')))
text += ['', 'CPU ms per completed petition by process (window): ' + ', '.join(
    '%s %s' % (k, f(v, '%.2f')) for k, v in fixed['cpuMsPerCompleted'].items()),
         '', 'Whole stage (warm-up, window and drain; PostgreSQL included): ' + ', '.join(
    '%s %s' % (k, f(v, '%.2f')) for k, v in fixed['cpuMsPerCompletedWholeStage'].items())]
rec = fixed.get('brokerRecordsPerCompleted')
if rec:
    text += ['', 'Broker records per completed petition (end offsets before and after the window, every topic, transaction '
             'markers included): %s — %s' % (f(rec.get('total'), '%.2f'), ', '.join('%s %s' % (k, v) for k, v in rec['by'].items()))]
com = fixed.get('pgCommitsPerCompleted')
if com:
    text += ['', 'PostgreSQL commits per completed petition (pg_stat_database.xact_commit): %s — %s' % (
        f(com.get('total'), '%.2f'), ', '.join('%s %s' % (k, v) for k, v in com['by'].items()))]
# ---------------------------------------------------------------- consumers' lag (issue 20)
lag = (fixed.get('consumerLag') or {}).get('byGroupTopic') or {}
if lag:
    text += ['', 'Consumer lag in the window (records behind, summed over partitions, every %s s: p50 / max / last minus '
             'first; up to a commit interval of records is the offsets\' trail, a backlog grows): %s' % (
                 fixed['consumerLag'].get('everyS', 2),
                 ', '.join('%s %s / %s / %+d' % (k, v['p50'], v['max'], v['growth']) for k, v in list(lag.items())[:8]))]
# ---------------------------------------------------------------- search's index lag (issue 22)
if fixed.get('searchIndexLag'):
    e2e = fixed['searchIndexLag'].get('endToEnd') or {}
    text += ['', '## Search\'s index lag', '',
             'How far intake\'s search (its read model of case.assigned and case.status-changed) lags the events, in the '
             'window. *Gauge*: `petitions.search.lag.seconds` per topic from intake\'s /q/metrics once a second (the '
             'newest record of the last batch applied). *End to end*: every %s s one petition\'s ledger entry '
             '(REGISTERED → ASSIGNED), then `GET /petitions/search?trackingNumber=…&state=ASSIGNED` as an auditor every '
             '%s ms until it is found in that state — from the case.status-changed record\'s timestamp, and from the '
             'moment the generator consumed it, to the answer that found it; a sample not found within %s s is a '
             'time-out, ranked as a failure ("lost" where a percentile falls among them). %s searches in the window.' % (
                 f(e2e.get('everyS'), '%g'), e2e.get('pollMs', '—'), f(e2e.get('timeoutS'), '%g'), e2e.get('searches', '—')), '']
    text += lag_table([lag_row('fixed %s /s' % f(fixed['offeredRate'], '%g'), fixed)]
                      + ([lag_row('sustained %s /s' % f(search['atSustainedRate']['offeredRate']), search['atSustainedRate'])]
                         if search and search.get('atSustainedRate') else []))
    errors = fixed['searchIndexLag'].get('errorSamples')
    if errors:
        text += ['', 'First errors of the probes: ' + '; '.join(errors)]

# ---------------------------------------------------------------- tracing (issue 23)
tracing = ours.get('tracing') or {}
if tracing.get('samplerRatio') is not None:
    def spans(stage):
        t = (stage.get('tracing') or {}).get('spansPerCompleted') or {}
        return '%s (%s)' % (f(t.get('total'), '%.2f'), ', '.join('%s %s' % (k, v) for k, v in (t.get('by') or {}).items()) or 'none')
    text += ['', '## Tracing', '',
             'Tracing on, %s %% of the petitions sampled (`QUARKUS_OTEL_TRACES_SAMPLER_ARG`), every span exported over '
             'OTLP/HTTP to the load generator\'s receiver, which received %s spans in %s exports (%s refused). Spans '
             'per completed petition in the window, fixed rate: %s.%s Compare `cpuMsPerCompleted` with a run of the '
             'same options but %s (docs/benchmark.md, *Tracing\'s overhead*).' % (
                 f(100 * tracing['samplerRatio'], '%g'), sum((tracing.get('spansReceived') or {}).values()),
                 tracing.get('exports', '—'), tracing.get('exportsRefused', '—'), spans(fixed),
                 (' At the sustained rate: %s.' % spans(search['atSustainedRate'])) if search and search.get('atSustainedRate') else '',
                 '`--tracing 1.0`' if tracing['samplerRatio'] == 0 else '`--tracing 0`')]
else:
    text += ['', 'Tracing off (no OTLP endpoint: the services\' OpenTelemetry SDK disabled).']

text += ['', 'Lost: ' + json.dumps(fixed['lost']) + '; duplicate outcomes: %d; drained: %s in %s s' % (
    fixed['duplicateOutcomes'], fixed['drained'], fixed['drainS']),
         '', 'Peak RSS MB: ' + json.dumps(ours['peakRssMb']),
         '', 'Lost at the fixed or a sustained rate: %d; in steps above the sustainable rate: %d; exit status %d.' % (
             ours['lost']['atFixedRateOrSustained'], ours['lost']['aboveSustainedRate'], ours['exitStatus'])]

# ---------------------------------------------------------------- the machine's limits, with counted records/commits
if os.path.exists(limits_file):
    limits = json.load(open(limits_file))
    kafka, pg = limits['kafkaProducerPerformance'], limits['pgbenchSingleRowInsert']
    records = (rec or {}).get('total')
    commits = (com or {}).get('total')
    text += ['', '## The machine\'s limits, same broker and PostgreSQL, same run', '',
             '| measure | limit | at the counted cost per petition |', '|---|---|---|',
             '| Kafka ProducerPerformance, %d B records, acks=all, idempotent | %.0f records/s | %s records each: %s petitions/s |' % (
                 kafka['recordBytes'], kafka['recordsPerS'], f(records, '%.2f'), f(kafka['recordsPerS'] / records, '%.0f') if records else '—'),
             '| PostgreSQL single-row insert + commit, 1 client | %.0f commits/s (%.2f ms) | %s commits each: %s petitions/s |' % (
                 pg['clients1']['commitsPerS'], pg['clients1']['latencyMs'] or 0, f(commits, '%.2f'),
                 f(pg['clients1']['commitsPerS'] / commits, '%.0f') if commits else '—'),
             '| PostgreSQL single-row insert + commit, 4 clients | %.0f commits/s | %s petitions/s |' % (
                 pg['clients4']['commitsPerS'], f(pg['clients4']['commitsPerS'] / commits, '%.0f') if commits else '—')]
    ours['machineLimits'] = limits
json.dump(ours, open(ours_file, 'w'), indent=2)  # the result file carries its limits too
open(out, 'w').write('\n'.join(text) + '\n')
print('\n'.join(text))
