#!/usr/bin/env python3
"""A benchmark result as one self-contained HTML page of inline SVG charts (no libraries, nothing fetched):
latency over time, throughput over time, CPU per petition by process (ours beside the Flowable peer), peak RSS.

    bench/scripts/chart.py bench/results/bench-<time>-r40.json [bench/results/bench-<time>-r40-peer.jsonl]
writes bench/results/bench-<time>-r40.html next to the result."""
import html, json, sys

ours = json.load(open(sys.argv[1]))
peers = [json.loads(l) for l in open(sys.argv[2]) if l.strip()] if len(sys.argv) > 2 else []
out = sys.argv[1].replace('.json', '.html')
W, H, L, B, T, R = 760, 260, 60, 40, 20, 140  # width, height, left/bottom/top/right margins
COLOURS = ['#b71c1c', '#1565c0', '#2e7d32', '#ef6c00', '#6a1b9a', '#00838f', '#5d4037', '#455a64', '#c2185b']


def line_chart(title, series, x_label, y_label, log=False):
    """series: [(name, [(x, y), ...])]"""
    points = [p for _, pts in series for p in pts if p[1] is not None]
    if not points:
        return '<p>%s: no data</p>' % html.escape(title)
    x_max = max(p[0] for p in points) or 1
    y_max = max(p[1] for p in points) or 1
    sx = lambda x: L + (W - L - R) * x / x_max
    sy = lambda y: H - B - (H - B - T) * (y / y_max)
    svg = ['<svg viewBox="0 0 %d %d" width="%d" height="%d" role="img" aria-label="%s">' % (W, H, W, H, html.escape(title))]
    for i in range(6):  # y grid
        y = y_max * i / 5
        svg.append('<line x1="%d" x2="%d" y1="%.1f" y2="%.1f" stroke="#ddd"/>' % (L, W - R, sy(y), sy(y)))
        svg.append('<text x="%d" y="%.1f" font-size="11" text-anchor="end">%s</text>' % (L - 6, sy(y) + 4, ('%.0f' % y) if y_max >= 10 else ('%.2f' % y)))
    for i in range(6):  # x ticks
        x = x_max * i / 5
        svg.append('<text x="%.1f" y="%d" font-size="11" text-anchor="middle">%.0f</text>' % (sx(x), H - B + 16, x))
    svg.append('<text x="%d" y="%d" font-size="12" text-anchor="middle">%s</text>' % ((L + W - R) / 2, H - 4, html.escape(x_label)))
    svg.append('<text x="14" y="%d" font-size="12" transform="rotate(-90 14 %d)" text-anchor="middle">%s</text>' % ((H - B + T) / 2, (H - B + T) / 2, html.escape(y_label)))
    for n, (name, pts) in enumerate(series):
        pts = [p for p in pts if p[1] is not None]
        if not pts:
            continue
        colour = COLOURS[n % len(COLOURS)]
        svg.append('<polyline fill="none" stroke="%s" stroke-width="1.5" points="%s"/>' % (colour, ' '.join('%.1f,%.1f' % (sx(x), sy(y)) for x, y in pts)))
        svg.append('<text x="%d" y="%d" font-size="12" fill="%s">%s</text>' % (W - R + 8, T + 16 * n + 8, colour, html.escape(name)))
    svg.append('</svg>')
    return '<h2>%s</h2>%s' % (html.escape(title), ''.join(svg))


def bar_chart(title, bars, unit):
    """bars: [(label, value)]"""
    bars = [(k, v) for k, v in bars if v is not None]
    if not bars:
        return ''
    v_max = max(v for _, v in bars) or 1
    row = 22
    height = T + row * len(bars) + 10
    svg = ['<svg viewBox="0 0 %d %d" width="%d" height="%d" role="img" aria-label="%s">' % (W, height, W, height, html.escape(title))]
    for i, (label, value) in enumerate(bars):
        y = T + i * row
        width = (W - 260) * value / v_max
        svg.append('<text x="190" y="%d" font-size="12" text-anchor="end">%s</text>' % (y + 14, html.escape(label)))
        svg.append('<rect x="200" y="%d" width="%.1f" height="16" fill="%s"/>' % (y, width, COLOURS[0] if not label.startswith('Flowable') else COLOURS[1]))
        svg.append('<text x="%.1f" y="%d" font-size="12">%.2f %s</text>' % (206 + width, y + 13, value, html.escape(unit)))
    svg.append('</svg>')
    return '<h2>%s</h2>%s' % (html.escape(title), ''.join(svg))


fixed = ours['fixedRate']
search = ours.get('search')


def pct(stats, key):
    if stats.get(key) is None:
        return 'lost' if stats.get('failed') else '—'
    return '%.0f' % stats[key]


def stage_charts(stage, title):
    out = []
    timeline = stage.get('timeline', [])
    warmup = stage.get('warmupS', 0)
    lat = stage['latencyMs']
    out.append('<h2>%s</h2>' % html.escape(title))
    out.append('<p>offered %s/s · acknowledged in the window %.2f/s · backlog growth %s · %s · lost %d of %d sent</p>' % (
        stage['offeredRate'], stage['acknowledgedRate'], stage['backlog']['growth'],
        'sustained' if stage['sustained']['passed'] else 'not sustained: ' + html.escape('; '.join(stage['sustained']['reasons'])),
        stage['lost']['total'], stage['sent']))
    out.append('<table><tr><th>ms from the intended send</th><th>completed</th><th>lost</th><th>p50</th><th>p95</th><th>p99</th><th>max</th></tr>' + ''.join(
        '<tr><td>%s</td><td>%d</td><td>%d</td><td>%s</td><td>%s</td><td>%s</td><td>%s</td></tr>' % (
            k, v['completed'], v['failed'], pct(v, 'p50'), pct(v, 'p95'), pct(v, 'p99'), pct(v, 'max')) for k, v in lat.items()) + '</table>')
    if timeline:
        out.append(line_chart('Latency over time (by send second; the window starts at %s s)' % warmup, [
            ('to assigned p50', [(r['s'], r.get('assignedP50Ms')) for r in timeline]),
            ('to assigned p99', [(r['s'], r.get('assignedP99Ms')) for r in timeline]),
            ('to ack p50', [(r['s'], r.get('ackP50Ms')) for r in timeline]),
            ('to ack p99', [(r['s'], r.get('ackP99Ms')) for r in timeline]),
        ], 'seconds into the stage', 'ms'))
        out.append(line_chart('Throughput: offered (sent) and completed (acknowledged)', [
            ('sent /s', [(r['s'], r['sent']) for r in timeline]),
            ('acknowledged /s', [(r['s'], r['acknowledged']) for r in timeline]),
            ('lost /s (by send second)', [(r['s'], r.get('lost', 0)) for r in timeline]),
        ], 'seconds into the stage', 'petitions per second'))
    cpu = stage['cpuMsPerCompleted']
    bars = [(k, v) for k, v in cpu.items() if k not in ('systemTotal',)] + [('our whole system', cpu.get('systemTotal'))]
    bars += [('Flowable %s (whole JVM + PostgreSQL)' % p['variant'], p.get('cpuMsPerPetition')) for p in peers
             if p.get('targetRate') == stage['offeredRate']]
    out.append(bar_chart('CPU ms per completed petition in the window, by process (load generator apart, not in the total)', bars, 'ms'))
    return out


parts = ['<!doctype html><meta charset="utf-8"><title>Benchmark %s</title>' % html.escape(ours['when']),
         '<style>body{font-family:sans-serif;max-width:800px;margin:2em auto;color:#222}h2{font-size:1.05em;margin-top:2em}'
         'td,th{padding:2px 10px;text-align:right}th:first-child,td:first-child{text-align:left}</style>',
         '<h1>Benchmark %s</h1>' % html.escape(ours['when']),
         '<p>%s · load average %s → %s · reproduce: <code>%s</code> · lost at the fixed or sustained rate: %d, above it: %d · exit %d</p>' % (
             html.escape(ours['machine']), html.escape(str(ours.get('loadAverageAtStart'))), html.escape(str(ours.get('loadAverageAtEnd'))),
             html.escape(ours.get('command') or ''), ours['lost']['atFixedRateOrSustained'], ours['lost']['aboveSustainedRate'], ours['exitStatus'])]
if search:
    steps = sorted(search['steps'], key=lambda st: st['offeredRate'])
    parts.append('<h2>Sustainable rate: %s petitions/s</h2>' % search.get('sustainedRate'))
    parts.append(line_chart('Search steps: acknowledged rate against offered rate (a sustained step lies on the diagonal)', [
        ('offered', [(st['offeredRate'], st['offeredRate']) for st in steps]),
        ('acknowledged', [(st['offeredRate'], st['acknowledgedRate']) for st in steps]),
    ], 'offered petitions/s', 'petitions/s'))
    if search.get('atSustainedRate'):
        parts += stage_charts(search['atSustainedRate'], 'At the sustainable rate, %s petitions/s' % search['sustainedRate'])
parts += stage_charts(fixed, 'At the fixed rate, %s petitions/s' % fixed['offeredRate'])
parts.append(bar_chart('Peak RSS by process', list(ours['peakRssMb'].items()), 'MB'))
open(out, 'w').write('\n'.join(parts) + '\n')
print(out)
