// The ledger's export (CSV / Excel) and bulk actions (批量督办, 批量回访, 批量改派) on the cases selected in the list.
// supervision (routing for 改派) decides again who may export, with or without personal data, and checks every case
// of a bulk action on its own; this page only asks and shows each case's outcome.
import { session, ApiError, api, showProblem, showNotice } from './api.js';
import { canRefresh, refresh, secondsLeft } from './oidc.js';
import { el } from './format.js';

const groups = session.claims?.groups || [];
const supervisor = groups.includes('supervisor');
const mayUnmask = supervisor || groups.includes('leader');
const form = document.getElementById('filters');
const list = document.getElementById('list');
const MAX_BULK = 500;
const REASON = {
  'not-found': '未找到该案件（或不在您的辖区）', 'illegal-transition': '当前状态不允许此操作',
  'awaiting-assignment': '复查/复核待交办', duplicate: '重复选择', 'already-called-back': '本次答复已回访',
  'review-path': '信访人已申请复查', failed: '暂时未能处理，请稍后重试',
  'recused-unit': '该单位须回避（被反映单位或其辖区）', 'same-unit': '案件已在该单位',
};
const UNIT_CODE = /^[0-9]{2,9}-[A-Z]{2,8}$/;
const CALLS = {
  NOT_REACHED: { label: '未接通（安排再次回访）', body: { reached: false } },
  SATISFIED: { label: '满意，问题已实际解决', body: { reached: true, satisfaction: 'SATISFIED', resolved: true } },
  BASICALLY_SATISFIED: { label: '基本满意，问题已实际解决', body: { reached: true, satisfaction: 'BASICALLY_SATISFIED', resolved: true } },
  NOT_RESOLVED: { label: '问题未实际解决（退回重办或提级）', body: { reached: true, satisfaction: 'BASICALLY_SATISFIED', resolved: false } },
  NOT_SATISFIED: { label: '不满意（退回重办或提级）', body: { reached: true, satisfaction: 'NOT_SATISFIED', resolved: false } },
};

const message = el('div', { id: 'actions-message', hidden: true });
const personal = el('input', { type: 'checkbox', id: 'export-personal' });
const purpose = el('input', { type: 'text', id: 'export-purpose', maxlength: 200, placeholder: '如：市联席会议研判' });
const exportCard = el('section', { class: 'card', id: 'export', 'aria-label': '导出' },
  el('h2', { text: '导出当前筛选结果' }),
  el('p', { class: 'muted', text: '按上方筛选条件导出全部案件（不分页）；每次导出均留痕备查。' }),
  mayUnmask ? el('div', { class: 'row' },
    el('div', { class: 'field' }, el('label', { for: 'export-personal' }, personal, ' 包含个人信息（不予受理理由、答复意见、评价意见原文）')),
    el('div', { class: 'field' }, el('label', { for: 'export-purpose', text: '用途（包含个人信息时必填）' }), purpose)) : null,
  el('div', { class: 'actions' },
    el('button', { type: 'button', id: 'export-csv', onclick: () => download('csv') }, '导出 CSV'),
    el('button', { type: 'button', id: 'export-xlsx', onclick: () => download('xlsx') }, '导出 Excel')));

/** The cases ticked in the list, by id (js/ledger-link.js links them into one matter). */
export const selected = new Set();
const count = el('span', { class: 'muted', id: 'bulk-count', text: '已选 0 件' });
const urgeReason = el('textarea', { id: 'bulk-reason', rows: 2, maxlength: 2000, placeholder: '督办意见，如：请于 3 日内办结并报告' });
const call = el('select', { id: 'bulk-call' }, Object.entries(CALLS).map(([k, c]) => el('option', { value: k, text: c.label })));
const results = el('div', { id: 'bulk-results' });
const units = el('datalist', { id: 'bulk-units' });
const unit = el('input', { type: 'text', id: 'bulk-unit', list: 'bulk-units', maxlength: 20, autocomplete: 'off', placeholder: '单位代码，如 341322-XFJ' });
const moveReason = el('textarea', { id: 'bulk-move-reason', rows: 2, maxlength: 2000, placeholder: '改派理由' });
const bulkCard = supervisor ? el('section', { class: 'card', id: 'bulk', 'aria-label': '批量操作' },
  el('h2', { text: '批量操作' }),
  el('p', { class: 'muted', text: `在列表中勾选案件（每次至多 ${MAX_BULK} 件）。每件单独校验、单独办理，结果逐件列出。` }),
  el('div', { class: 'actions' }, count,
    el('button', { type: 'button', id: 'bulk-clear', onclick: () => { selected.clear(); mark(); } }, '清除选择')),
  el('div', { class: 'field' }, el('label', { for: 'bulk-reason', text: '督办意见' }), urgeReason),
  el('div', { class: 'actions' }, el('button', { type: 'button', class: 'primary', id: 'bulk-urge', onclick: () => bulk('urge') }, '批量督办')),
  el('div', { class: 'field' }, el('label', { for: 'bulk-call', text: '回访结果（用于已答复的案件）' }), call),
  el('div', { class: 'actions' }, el('button', { type: 'button', id: 'bulk-call-back', onclick: () => bulk('call-backs') }, '批量记录回访')),
  el('div', { class: 'row' },
    el('div', { class: 'field' }, el('label', { for: 'bulk-unit', text: '改派至（本辖区内单位）' }), unit, units),
    el('div', { class: 'field' }, el('label', { for: 'bulk-move-reason', text: '改派理由' }), moveReason)),
  el('div', { class: 'actions' }, el('button', { type: 'button', id: 'bulk-reassign', onclick: () => bulk('reassignment') }, '批量改派')),
  results) : null;
if (supervisor && session.claims?.jurisdiction) {
  // the jurisdiction's own units to pick from; a unit further down is typed by its code
  api('routing', `/divisions/${encodeURIComponent(session.claims.jurisdiction)}/units`, { anonymous: true })
    .then(list => units.replaceChildren(...list.map(u => el('option', { value: u.code, text: u.name }))))
    .catch(() => { /* the code can still be typed */ });
}
form.after(...[exportCard, bulkCard, message].filter(Boolean));

function filters() {
  const query = {};
  for (const k of ['status', 'level', 'category', 'overdue', 'repeat', 'leaderReceived', 'urgency']) {
    if (form[k].value) query[k] = form[k].value;
  }
  return query;
}

/** The file name supervision gave (RFC 6266 filename*, else filename). */
function fileName(disposition, format) {
  const star = /filename\*=UTF-8''([^;]+)/i.exec(disposition || '');
  if (star) { try { return decodeURIComponent(star[1]); } catch { /* fall through */ } }
  const plain = /filename="([^"]+)"/i.exec(disposition || '');
  return plain ? plain[1] : `台账导出.${format}`;
}

// A link cannot carry the bearer token: the file is fetched, and where the browser can write a file as it arrives
// (showSaveFilePicker) it goes to disk as it streams; elsewhere the browser gathers it first.
async function download(format) {
  message.hidden = true;
  const query = { ...filters(), format };
  if (personal.checked) {
    if (!purpose.value.trim()) { showNotice(message, '包含个人信息导出时，请填写用途', 'bad'); purpose.focus(); return; }
    query.personalData = 'true';
    query.purpose = purpose.value.trim();
  }
  const url = new URL('/api/supervision/cases/export', location.origin);
  Object.entries(query).forEach(([k, v]) => url.searchParams.set(k, v));
  let sink = null;
  if (window.showSaveFilePicker) {
    try {
      const handle = await window.showSaveFilePicker({ suggestedName: `台账导出.${format}` });
      sink = await handle.createWritable();
    } catch (e) {
      if (e.name === 'AbortError') return;
    }
  }
  const buttons = exportCard.querySelectorAll('button');
  buttons.forEach(b => { b.disabled = true; });
  try {
    if (canRefresh() && (secondsLeft() ?? -1) < 30) await refresh();
    const response = await fetch(url, { headers: { Authorization: `Bearer ${session.token}`, Accept: '*/*' } });
    if (!response.ok) {
      let problem = null;
      try { problem = await response.json(); } catch { /* not JSON */ }
      throw new ApiError(response.status, problem || { title: `HTTP ${response.status}` });
    }
    if (sink) {
      await response.body.pipeTo(sink);
    } else {
      const blob = await response.blob();
      const a = el('a', { href: URL.createObjectURL(blob), download: fileName(response.headers.get('Content-Disposition'), format) });
      document.body.append(a);
      a.click();
      a.remove();
      setTimeout(() => URL.revokeObjectURL(a.href), 10_000);
    }
    showNotice(message, `已导出（导出记录编号 ${response.headers.get('Export-Id') || '—'}）`);
  } catch (e) {
    if (sink) { try { await sink.abort(); } catch { /* already closed */ } }
    showProblem(message, e instanceof ApiError ? e : new ApiError(0, { title: '导出失败', detail: String(e.message || e) }));
  } finally {
    buttons.forEach(b => { b.disabled = false; });
  }
}

/** The list's rows get a checkbox each; the selection survives paging. */
function mark() {
  const table = list.querySelector('table#cases');
  count.textContent = `已选 ${selected.size} 件`;
  if (!table) return;
  const headRow = table.querySelector('thead tr');
  if (headRow && !headRow.querySelector('.select')) {
    const all = el('input', { type: 'checkbox', 'aria-label': '全选本页', onchange: () => {
      table.querySelectorAll('tbody tr[data-petition-id]').forEach(r => { all.checked ? selected.add(r.dataset.petitionId) : selected.delete(r.dataset.petitionId); });
      mark();
    } });
    headRow.prepend(el('th', { scope: 'col', class: 'select' }, all));
  }
  table.querySelectorAll('tbody tr').forEach(row => {
    const id = row.dataset.petitionId;
    let box = row.querySelector('input.select');
    if (!box) {
      const cell = el('td', { 'data-label': '选择' });
      if (id) {
        box = el('input', { type: 'checkbox', class: 'select', 'aria-label': `选择 ${row.dataset.tracking || id}`, onchange: () => {
          box.checked ? selected.add(id) : selected.delete(id);
          count.textContent = `已选 ${selected.size} 件`;
        } });
        cell.append(box);
      }
      row.prepend(cell);
    }
    if (box) box.checked = selected.has(id);
  });
}
if (supervisor) new MutationObserver(mark).observe(list, { childList: true });

async function bulk(kind) {
  results.replaceChildren();
  message.hidden = true;
  const petitionIds = [...selected];
  if (!petitionIds.length) { showNotice(message, '请先在列表中勾选案件', 'bad'); return; }
  if (petitionIds.length > MAX_BULK) { showNotice(message, `每次至多 ${MAX_BULK} 件，当前已选 ${petitionIds.length} 件`, 'bad'); return; }
  let body;
  let service = 'supervision';
  if (kind === 'reassignment') {
    const code = unit.value.trim().toUpperCase();
    if (!UNIT_CODE.test(code)) { showNotice(message, '请填写改派单位的代码，如 341322-XFJ', 'bad'); unit.focus(); return; }
    if (!moveReason.value.trim()) { showNotice(message, '请填写改派理由', 'bad'); moveReason.focus(); return; }
    body = { petitionIds, unitCode: code, reason: moveReason.value.trim() };
    service = 'routing';
  } else if (kind === 'urge') {
    if (!urgeReason.value.trim()) { showNotice(message, '请填写督办意见', 'bad'); urgeReason.focus(); return; }
    body = { petitionIds, reason: urgeReason.value.trim() };
  } else {
    body = { petitionIds, ...CALLS[call.value].body };
  }
  const tracking = Object.fromEntries([...list.querySelectorAll('tr[data-petition-id]')].map(r => [r.dataset.petitionId, r.dataset.tracking]));
  try {
    const r = await api(service, `/cases/bulk/${kind}`, { method: 'POST', body });
    showNotice(message, `共 ${r.requested} 件：已办理 ${r.done} 件，未办理 ${r.refused} 件`, r.refused ? 'warn' : 'ok');
    results.replaceChildren(el('div', { class: 'table-wrap' }, el('table', { class: 'cards', id: 'bulk-outcomes' },
      el('thead', {}, el('tr', {}, ['信访件', '结果', '原因'].map(h => el('th', { scope: 'col', text: h })))),
      el('tbody', {}, r.results.map(x => el('tr', { 'data-petition-id': x.petitionId, 'data-outcome': x.outcome },
        el('td', { 'data-label': '信访件', text: tracking[x.petitionId] || x.petitionId }),
        el('td', { 'data-label': '结果', text: x.outcome === 'done' ? '已办理' : '未办理' }),
        el('td', { 'data-label': '原因', text: x.outcome === 'done' ? '—' : (REASON[x.reason] || x.detail || x.reason) })))))));
    selected.clear();
    form.requestSubmit();
  } catch (e) { showProblem(message, e); }
}
