// Charts as inline SVG, drawn here: no library, nothing fetched.
const NS = 'http://www.w3.org/2000/svg';
const COLORS = ['#b3261e', '#0969da', '#1a7f37', '#9a6700', '#8250df', '#bc4c00', '#57606a'];

function svg(tag, attrs = {}, ...children) {
  const e = document.createElementNS(NS, tag);
  for (const [k, v] of Object.entries(attrs)) if (v !== undefined && v !== null) e.setAttribute(k, v);
  for (const c of children.flat()) if (c !== null && c !== undefined) e.append(c instanceof Node ? c : document.createTextNode(String(c)));
  return e;
}

function frame(width, height, title, desc) {
  const id = `c${Math.random().toString(36).slice(2, 8)}`;
  // drawn at its natural size, shrunk (never stretched) to a narrow screen by the stylesheet
  return svg('svg', { class: 'chart', width, height, viewBox: `0 0 ${width} ${height}`, role: 'img', 'aria-labelledby': `${id}-t ${id}-d` },
    svg('title', { id: `${id}-t` }, title), svg('desc', { id: `${id}-d` }, desc));
}

/** Grouped bars: categories along x, one bar per series; labels below, values on top, optional note per group. */
export function groupedBars({ title, labels, series, notes = [], height = 240 }) {
  const barW = 16;
  const groupW = series.length * barW + 14;
  const top = 28, bottom = 40, left = 36, plotH = height - top - bottom;
  const width = Math.max(260, left + labels.length * groupW + 10);
  // four whole-number ticks: the scale's top is a multiple of four steps
  const step = Math.max(1, Math.ceil(Math.max(1, ...series.flatMap(s => s.values.map(v => v || 0))) / 4));
  const max = step * 4;
  const desc = labels.map((l, i) => `${l}: ${series.map(s => `${s.name} ${s.values[i] ?? 0}`).join('，')}${notes[i] ? `（${notes[i]}）` : ''}`).join('；');
  const chart = frame(width, height, title, desc);
  chart.append(svg('line', { x1: left, y1: top + plotH, x2: width - 6, y2: top + plotH, stroke: '#8c959f' }));
  for (let t = 0; t <= 4; t++) {
    const y = top + plotH - (plotH * t) / 4;
    chart.append(svg('line', { x1: left, y1: y, x2: width - 6, y2: y, stroke: '#eaeef2' }),
      svg('text', { x: left - 4, y: y + 4, 'text-anchor': 'end' }, step * t));
  }
  labels.forEach((label, i) => {
    const gx = left + i * groupW + 4;
    series.forEach((s, j) => {
      const v = s.values[i] || 0;
      const h = (plotH * v) / max;
      const x = gx + j * barW;
      chart.append(svg('rect', { x, y: top + plotH - h, width: barW - 2, height: h, fill: s.color || COLORS[j % COLORS.length] },
        svg('title', {}, `${label} ${s.name}: ${v}`)));
      if (v) chart.append(svg('text', { x: x + (barW - 2) / 2, y: top + plotH - h - 3, 'text-anchor': 'middle' }, v));
    });
    chart.append(svg('text', { x: gx + (series.length * barW) / 2, y: top + plotH + 14, 'text-anchor': 'middle' }, label));
    if (notes[i]) chart.append(svg('text', { x: gx + (series.length * barW) / 2, y: top + plotH + 28, 'text-anchor': 'middle', fill: notes[i].startsWith('-') ? '#1a7f37' : '#b3261e' }, notes[i]));
  });
  series.forEach((s, j) => {
    chart.append(svg('rect', { x: left + j * 70, y: 6, width: 12, height: 12, fill: s.color || COLORS[j % COLORS.length] }),
      svg('text', { x: left + j * 70 + 16, y: 16 }, s.name));
  });
  return chart;
}

/** Horizontal bars of percentages with a target line each (e.g. backlog resolution ≥ 95%). */
export function rateBars({ title, rows }) {
  const rowH = 34, width = 560, left = 150, right = 60;
  const height = rows.length * rowH + 20;
  const plotW = width - left - right;
  const chart = frame(width, height, title, rows.map(r => `${r.label} ${r.value ?? '无数据'}%${r.target ? `，目标 ${r.target}%` : ''}`).join('；'));
  rows.forEach((r, i) => {
    const y = 10 + i * rowH;
    const v = r.value === null || r.value === undefined ? null : Number(r.value);
    chart.append(svg('text', { x: left - 8, y: y + 16, 'text-anchor': 'end' }, r.label),
      svg('rect', { x: left, y: y + 4, width: plotW, height: 16, fill: '#eaeef2' }));
    if (v !== null) {
      const good = r.target ? (r.lowerIsBetter ? v <= r.target : v >= r.target) : true;
      chart.append(svg('rect', { x: left, y: y + 4, width: (plotW * Math.min(100, v)) / 100, height: 16, fill: good ? '#1a7f37' : '#b3261e' }));
    }
    chart.append(svg('text', { x: left + plotW + 6, y: y + 16 }, v === null ? '无数据' : `${v}%`));
    if (r.target) {
      const tx = left + (plotW * r.target) / 100;
      chart.append(svg('line', { x1: tx, y1: y, x2: tx, y2: y + 24, stroke: '#1f2328', 'stroke-width': 2, 'stroke-dasharray': '3 2' }),
        svg('text', { x: tx, y: y + 32, 'text-anchor': 'middle', 'font-size': '9' }, `目标${r.target}%`));
    }
  });
  return chart;
}

/** The levels a case went through, drawn county → city → province, the current one marked. */
export function escalationPath(history) {
  const levels = ['TOWNSHIP', 'COUNTY', 'CITY', 'PROVINCE'];
  const names = { TOWNSHIP: '乡镇', COUNTY: '县（区）', CITY: '市', PROVINCE: '省' };
  const shown = levels.filter(l => l !== 'TOWNSHIP' || history.some(a => a.level === 'TOWNSHIP'));
  const width = 150 * shown.length + 20, height = 120;
  const current = history[history.length - 1];
  const chart = frame(width, height, '交办路径', history.map(a => `${names[a.level] || a.level} ${a.unitCode}（${a.reason}）`).join(' → '));
  chart.append(svg('defs', {}, svg('marker', { id: 'arrow', viewBox: '0 0 10 10', refX: 9, refY: 5, markerWidth: 8, markerHeight: 8, orient: 'auto' },
    svg('path', { d: 'M0,0 L10,5 L0,10 z', fill: '#57606a' }))));
  shown.forEach((level, i) => {
    const x = 10 + i * 150;
    const visits = history.filter(a => a.level === level);
    const isCurrent = current && current.level === level;
    chart.append(svg('rect', { x, y: 20, width: 120, height: 70, rx: 8, fill: isCurrent ? '#b3261e' : visits.length ? '#ffebe9' : '#f6f8fa', stroke: visits.length ? '#b3261e' : '#d0d7de', 'stroke-width': 2 }),
      svg('text', { x: x + 60, y: 42, 'text-anchor': 'middle', 'font-weight': 'bold', fill: isCurrent ? '#fff' : '#1f2328' }, names[level]),
      svg('text', { x: x + 60, y: 60, 'text-anchor': 'middle', fill: isCurrent ? '#fff' : '#1f2328' }, visits.length ? visits[visits.length - 1].unitCode : '—'),
      svg('text', { x: x + 60, y: 78, 'text-anchor': 'middle', fill: isCurrent ? '#fff' : '#57606a' }, isCurrent ? '当前承办' : visits.length ? '曾承办' : ''));
    if (i < shown.length - 1) {
      chart.append(svg('line', { x1: x + 122, y1: 55, x2: x + 148, y2: 55, stroke: '#57606a', 'stroke-width': 2, 'marker-end': 'url(#arrow)' }));
    }
  });
  chart.append(svg('text', { x: 10, y: 110 }, `共 ${history.length} 次交办`));
  return chart;
}
