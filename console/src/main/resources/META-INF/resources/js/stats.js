import { api, ApiError, session, showNotice, showProblem } from './api.js';
import { canRefresh, refresh, secondsLeft } from './oidc.js';
import { staffPage } from './layout.js';
import { el, CHANNEL } from './format.js';
import { groupedBars, rateBars } from './charts.js';
import { province } from './config.js';

const claims = staffPage(['supervisor', 'leader', 'auditor', 'admin']);
const readsStatistics = ['supervisor', 'leader', 'auditor'].some(r => claims.groups.includes(r));
const isAdmin = claims.groups.includes('admin');
const $ = (id) => document.getElementById(id);
const form = $('params');
const nowMonth = new Date().toLocaleDateString('sv-SE', { timeZone: 'Asia/Shanghai' }).slice(0, 7);
form.month.value = new URLSearchParams(location.search).get('month') || nowMonth;
// the whole province by default (the console's configuration): its cities are then ranked below
const PROVINCE = await province();
form.jurisdiction.value = claims.groups.includes('supervisor') && claims.jurisdiction ? claims.jurisdiction : PROVINCE?.code ?? '';
if (PROVINCE) $('csv-example').textContent = `2020-12,${PROVINCE.code},WALK_IN,other,2503,5369`;

const addMonths = (ym, n) => { const [y, m] = ym.split('-').map(Number); const d = new Date(Date.UTC(y, m - 1 + n, 1)); return d.toISOString().slice(0, 7); };
const pct = (v) => (v === null || v === undefined ? '—' : `${v}%`);
const signed = (v) => (v === null || v === undefined ? '' : `${v > 0 ? '+' : ''}${v}%`);

function kpi(id, label, value, note) {
  return el('div', { class: 'kpi', id }, el('div', { class: 'value', text: String(value) }), el('div', { class: 'label', text: label }), note ? el('div', { class: 'muted', text: note }) : null);
}

async function load() {
  const month = form.month.value || nowMonth;
  const jurisdiction = form.jurisdiction.value.trim();
  const q = (date) => ({ period: 'month', date, jurisdiction });
  try {
    const months = Array.from({ length: 12 }, (_, i) => addMonths(month, i - 11));
    const [volumes, performance, lastYear, calls] = await Promise.all([
      Promise.all(months.map(m => api('supervision', '/statistics/volume', { query: q(m) }))),
      api('supervision', '/statistics/performance', { query: q(month) }),
      api('supervision', '/statistics/volume', { query: q(addMonths(month, -12)) }),
      api('supervision', '/statistics/call-backs', { query: q(month) }),
    ]);
    $('message').hidden = true;
    const v = volumes[volumes.length - 1];
    const repeatTarget = lastYear.repeatSharePercent === null ? null : Math.round(lastYear.repeatSharePercent * 90) / 100;
    // the year before may come from imported monthly figures (历史数据导入): say so, with last year's count
    const basis = (before, imported) => (before ? `（去年同期 ${before}${imported ? '，导入数据' : ''}）` : '');
    const importedBefore = (v.previousYearImported?.batches || 0) > 0;
    $('kpis').replaceChildren(
      kpi('kpi-batches', '本月批次', v.total.batches,
        `同比 ${signed(v.batchesChangePercent) || '无去年数据'}${basis(v.previousYear.batches, importedBefore)}`),
      kpi('kpi-persons', '本月人次', v.total.personTimes,
        `同比 ${signed(v.personTimesChangePercent) || '无去年数据'}${basis(v.previousYear.personTimes, importedBefore)}`),
      kpi('kpi-repeat', '重复访占比', pct(v.repeatSharePercent), repeatTarget === null ? '目标：同比下降10%' : `目标 ≤ ${repeatTarget}%`),
      kpi('kpi-replied', '已答复', performance.replied, `已受理 ${performance.accepted}`),
      kpi('kpi-evaluated', '已评价', performance.evaluated, `满意 ${performance.satisfied}`),
      kpi('kpi-called-back', '已回访', calls.calledBack, `实际解决 ${calls.resolvedInFact}，办结未解决 ${calls.closedNotResolved}`),
      kpi('kpi-backlog', '积案（超期未结）', performance.backlogOpen, `已化解 ${performance.backlogResolved}`));
    $('monthly').replaceChildren(groupedBars({
      title: '近12个月批次和人次',
      labels: months.map(m => m.slice(2).replace('-', '/')),
      series: [{ name: '批次', values: volumes.map(x => x.total.batches) }, { name: '人次', values: volumes.map(x => x.total.personTimes) }],
      notes: volumes.map(x => signed(x.batchesChangePercent)),
    }));
    const channels = Object.keys(v.byChannel);
    $('channels').replaceChildren(channels.length ? groupedBars({
      title: '本月按渠道的批次和人次', labels: channels.map(c => CHANNEL[c] || c),
      series: [{ name: '批次', values: channels.map(c => v.byChannel[c].batches) }, { name: '人次', values: channels.map(c => v.byChannel[c].personTimes) }],
    }) : el('p', { class: 'muted', text: '本月没有登记' }));
    $('rates').replaceChildren(rateBars({
      title: '办理指标', rows: [
        { label: '响应率', value: performance.responseRatePercent },
        // a reply is a closure (办结), not a resolution: 解决率 comes from the call-backs (resolved in fact ÷ called back)
        { label: '办结率', value: performance.resolutionRatePercent },
        { label: '解决率（回访）', value: calls.resolutionRatePercent },
        { label: '满意率', value: performance.satisfactionRatePercent },
        { label: '满意率（回访）', value: calls.satisfactionRatePercent },
        { label: '按期办结率', value: performance.onTimeRatePercent },
        { label: '积案化解率', value: performance.backlogResolutionRatePercent, target: 95 },
        { label: '重复访占比', value: v.repeatSharePercent, target: repeatTarget || undefined, lowerIsBetter: true },
      ],
    }));
    if (PROVINCE && jurisdiction === PROVINCE.code) cities(month); else $('cities').textContent = '全省范围时显示';
  } catch (e) { showProblem($('message'), e); }
}

async function cities(month) {
  const list = await api('routing', `/divisions/${PROVINCE.code}/children`, { anonymous: true });
  const rows = await Promise.all(list.map(async c => ({ c, v: await api('supervision', '/statistics/volume', { query: { period: 'month', date: month, jurisdiction: c.code } }) })));
  rows.sort((a, b) => b.v.total.batches - a.v.total.batches);
  $('cities').replaceChildren(el('div', { class: 'table-wrap' }, el('table', {},
    el('thead', {}, el('tr', {}, ['名次', '市', '批次', '人次', '批次同比'].map(h => el('th', { scope: 'col', text: h })))),
    el('tbody', {}, rows.map((r, i) => el('tr', {}, el('td', { text: String(i + 1) }), el('td', { text: r.c.name }),
      el('td', { text: String(r.v.total.batches) }), el('td', { text: String(r.v.total.personTimes) }), el('td', { text: signed(r.v.batchesChangePercent) || '—' })))))));
}

// a plain link cannot carry the bearer token: fetch the CSV, then hand it to the browser as a download
$('csv').addEventListener('click', async (e) => {
  e.preventDefault();
  try {
    const csv = await api('supervision', '/statistics/volume', { accept: 'text/csv', query: { period: 'month', date: form.month.value, jurisdiction: form.jurisdiction.value } });
    const url = URL.createObjectURL(new Blob(['\ufeff' + csv], { type: 'text/csv;charset=utf-8' }));
    const a = el('a', { href: url, download: `信访量-${form.jurisdiction.value}-${form.month.value}.csv` });
    document.body.append(a); a.click(); a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 1000);
  } catch (err) { showProblem($('message'), err); }
});
form.addEventListener('submit', (e) => { e.preventDefault(); load(); });
if (readsStatistics) load(); else { form.hidden = true; ['kpis', 'monthly', 'channels', 'rates', 'cities'].forEach(id => { $(id).closest('section').hidden = true; }); }

// ---- an admin imports past monthly figures (CSV) for their jurisdiction, so that year-on-year works from day one
const MAX_CSV = 256 * 1024;

async function uploadCsv(file) {
  if (canRefresh() && (secondsLeft() ?? -1) < 30) await refresh();
  let response;
  try {
    response = await fetch('/api/supervision/statistics/imports', {
      method: 'POST',
      headers: { Authorization: `Bearer ${session.token}`, 'Content-Type': 'text/csv; charset=utf-8', Accept: 'application/json' },
      body: await file.arrayBuffer(),
    });
  } catch {
    throw new ApiError(0, { title: '网络错误', detail: '无法连接服务器，请检查网络后重试 (network error)' });
  }
  const json = (response.headers.get('Content-Type') || '').includes('json') ? await response.json().catch(() => null) : null;
  if (!response.ok) throw new ApiError(response.status, json || { title: `HTTP ${response.status}` });
  return json;
}

async function listImports() {
  try {
    const { imports } = await api('supervision', '/statistics/imports', { query: { limit: 20 } });
    $('imports').className = '';
    $('imports').replaceChildren(imports.length ? el('div', { class: 'table-wrap' }, el('table', {},
      el('thead', {}, el('tr', {}, ['时间', '导入人', '辖区', '行数', '新增', '替换', '未变', '文件 SHA-256'].map(h => el('th', { scope: 'col', text: h })))),
      el('tbody', {}, imports.map(i => el('tr', {},
        el('td', { text: i.importedAt.slice(0, 16).replace('T', ' ') }), el('td', { text: i.importedBy }), el('td', { text: i.jurisdiction }),
        el('td', { text: String(i.lines) }), el('td', { text: String(i.inserted) }), el('td', { text: String(i.replaced) }),
        el('td', { text: String(i.unchanged) }), el('td', {}, el('code', { text: i.fileSha256.slice(0, 12) + '…', title: i.fileSha256 })))))))
      : el('p', { class: 'muted', text: '尚无导入' }));
  } catch (e) { showProblem($('import-result'), e); }
}

if (isAdmin) {
  $('import-card').hidden = false;
  $('import-form').addEventListener('submit', async (e) => {
    e.preventDefault();
    const file = $('import-file').files[0];
    const result = $('import-result');
    if (!file) { showNotice(result, '请选择 CSV 文件', 'bad'); $('import-file').focus(); return; }
    if (file.size > MAX_CSV) { showNotice(result, `文件过大（${Math.ceil(file.size / 1024)} KB），请按年份拆分后分别导入（每个不超过 256 KB）`, 'bad'); return; }
    $('import-submit').disabled = true;
    try {
      const r = await uploadCsv(file);
      showNotice(result, `已导入 ${r.lines} 行：新增 ${r.inserted}，替换 ${r.replaced}，未变 ${r.unchanged}（文件 SHA-256 ${r.fileSha256.slice(0, 12)}…）`);
      $('import-form').reset();
      listImports();
      if (readsStatistics) load();
    } catch (err) {
      // a refused file names every bad line (violations: "line N": what is wrong); nothing of it was imported
      showProblem(result, err);
    } finally { $('import-submit').disabled = false; }
  });
  listImports();
}
