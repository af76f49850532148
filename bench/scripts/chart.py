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


timeline = ours.get('timeline', [])
warmup = ours.get('warmupS', 0)
parts = ['<!doctype html><meta charset="utf-8"><title>Benchmark %s</title>' % html.escape(ours['when']),
         '<style>body{font-family:sans-serif;max-width:800px;margin:2em auto;color:#222}h2{font-size:1.05em;margin-top:2em}'
         'td,th{padding:2px 10px;text-align:right}th:first-child,td:first-child{text-align:left}</style>',
         '<h1>Benchmark: %s petitions/s</h1>' % ours['targetRatePerS'],
         '<p>%s · %s · warm-up %s s, window %s s · %d sent, %d answered 201, %s HTTP errors · missing after drain: %s · '
         'reproduce: <code>./petitions bench --rate %g --warmup %s --duration %s%s</code></p>' % (
             html.escape(ours['when']), html.escape(ours['machine']), warmup, ours['windowS'], ours['sent'], ours['httpOk'],
             ours['httpErrors'], html.escape(json.dumps(ours['missingAfterDrain'])), ours['targetRatePerS'], warmup,
             ours['windowS'], ' --peer' if peers else '')]
lat = ours['latencyMs']
parts.append('<table><tr><th>ms from the intended send</th><th>p50</th><th>p95</th><th>p99</th><th>max</th></tr>' + ''.join(
    '<tr><td>%s</td><td>%s</td><td>%s</td><td>%s</td><td>%.0f</td></tr>' % (k, v.get('p50'), v.get('p95'), v.get('p99'), v.get('max', 0))
    for k, v in lat.items()) + '</table>')
if timeline:
    parts.append(line_chart('Latency over time (by send second; the window starts at %s s)' % warmup, [
        ('to assigned p50', [(r['s'], r.get('assignedP50Ms')) for r in timeline]),
        ('to assigned p99', [(r['s'], r.get('assignedP99Ms')) for r in timeline]),
        ('to ack p50', [(r['s'], r.get('ackP50Ms')) for r in timeline]),
        ('to ack p99', [(r['s'], r.get('ackP99Ms')) for r in timeline]),
    ], 'seconds into the run', 'ms'))
    parts.append(line_chart('Throughput', [
        ('sent /s', [(r['s'], r['sent']) for r in timeline]),
        ('acknowledged /s', [(r['s'], r['acknowledged']) for r in timeline]),
    ], 'seconds into the run', 'petitions per second'))
else:
    parts.append('<p>This result has no per-second timeline (older load generator).</p>')
cpu = ours['cpuMsPerPetitionInWindow']
bars = [(k, v) for k, v in cpu.items() if k != 'systemTotal'] + [('our whole system', cpu.get('systemTotal'))]
bars += [('Flowable %s (whole JVM + PostgreSQL)' % p['variant'], p.get('cpuMsPerPetition')) for p in peers]
parts.append(bar_chart('CPU per petition in the window, by process', bars, 'ms'))
parts.append(bar_chart('Peak RSS by process', list(ours['peakRssMb'].items()), 'MB'))
open(out, 'w').write('\n'.join(parts) + '\n')
print(out)
