import { api, showProblem, showNotice } from './api.js';
import { staffPage } from './layout.js';
import { pager } from './cases.js';
import { el, badge, status, fmtDateTime, timeLeft } from './format.js';

// The bureau's call-backs (回访): the queue of replies to call back, least time left first, and the form for one call.
staffPage(['supervisor', 'clerk']);

const SATISFACTION = { SATISFIED: '满意', BASICALLY_SATISFIED: '基本满意', NOT_SATISFIED: '不满意' };
const OUTCOME = {
  RETRY: '未接通，已安排再次回访', UNREACHABLE: '多次未接通，回访终止', CLOSED: '满意且已解决，回访完成',
  REOPENED: '不满意或未解决：已退回原承办单位重新办理', ESCALATED: '再次不满意或未解决：已提级办理', RECORDED: '已记录',
};
const categories = await api('intake', '/categories', { anonymous: true }).catch(() => []);
const names = Object.fromEntries((categories || []).map(c => [c.code, c.nameZh]));
const message = document.getElementById('message');
const form = document.getElementById('call-form');
let state = 'due';
let current = null;

function table(items) {
  const head = el('thead', {}, el('tr', {}, ['信访件编号', '状态', '承办单位', '类别', '答复时间', '回访期限', '剩余时间', '已回访次数', '信访人网上评价', '']
    .map(h => el('th', { scope: 'col', text: h }))));
  const rows = items.map(t => {
    const left = state === 'due' ? timeLeft(t.dueAt) : { text: '—', kind: '' };
    return el('tr', { 'data-petition-id': t.petitionId },
      el('td', { 'data-label': '编号' }, el('a', { href: `/case.html?id=${t.petitionId}`, text: t.trackingNumber })),
      el('td', { 'data-label': '状态', text: status(t.status) }),
      el('td', { 'data-label': '承办单位', text: t.unitCode || '—' }),
      el('td', { 'data-label': '类别', text: names[t.categoryCode] || t.categoryCode }),
      el('td', { 'data-label': '答复时间', text: fmtDateTime(t.repliedAt) }),
      el('td', { 'data-label': '回访期限', text: fmtDateTime(t.dueAt) }),
      el('td', { 'data-label': '剩余时间' }, t.overdue ? badge(left.text, 'bad') : left.kind ? badge(left.text, left.kind) : left.text),
      el('td', { 'data-label': '已回访次数', text: String(t.tries) }),
      el('td', { 'data-label': '网上评价', text: SATISFACTION[t.petitionerSatisfaction] || '—' }),
      el('td', {}, state === 'due' ? el('button', { type: 'button', class: 'record', onclick: () => open(t) }, '记录回访') : ''));
  });
  if (!rows.length) rows.push(el('tr', {}, el('td', { colspan: 10, class: 'muted', text: '没有回访任务' })));
  return el('div', { class: 'table-wrap' }, el('table', { class: 'cards', id: 'call-backs' }, head, el('tbody', {}, rows)));
}

async function load(page = 0) {
  try {
    const q = await api('supervision', '/call-backs', { query: { state, page, size: 50 } });
    document.getElementById('list').replaceChildren(table(q.items), pager(q.page, q.size, q.total, load));
    document.getElementById('updated').textContent = `更新于 ${new Date().toLocaleTimeString('zh-CN', { timeZone: 'Asia/Shanghai' })}`;
    message.hidden = true;
  } catch (e) { showProblem(message, e); }
}

function open(task) {
  current = task;
  form.reset();
  document.getElementById('call-case').textContent = `${task.trackingNumber} · 承办单位 ${task.unitCode} · 答复于 ${fmtDateTime(task.repliedAt)}`;
  document.getElementById('call-message').hidden = true;
  toggleReached();
  form.hidden = false;
  document.getElementById('satisfaction').focus();
}

function toggleReached() {
  const reached = form.elements.reached.value === 'true';
  document.getElementById('reached-fields').hidden = !reached;
}

function body() {
  const reached = form.elements.reached.value === 'true';
  const comment = form.elements.comment.value.trim();
  const b = { reached };
  if (comment) b.comment = comment;
  if (reached) {
    b.satisfaction = form.elements.satisfaction.value || null;
    b.resolved = form.elements.resolved.value === '' ? null : form.elements.resolved.value === 'true';
  }
  return b;
}

/** What the service checks too, said before sending: a call that reached the petitioner needs both answers. */
function problems(b) {
  const out = [];
  if (b.reached && !b.satisfaction) out.push('请选择满意程度');
  if (b.reached && b.resolved === null) out.push('请选择问题是否实际解决');
  if (b.comment && b.comment.length > 500) out.push('回访记录不超过500字');
  if (b.comment && /[<>]/.test(b.comment)) out.push('回访记录只能是纯文本');
  return out;
}

form.elements.reached.forEach(r => r.addEventListener('change', toggleReached));
document.getElementById('call-cancel').addEventListener('click', () => { form.hidden = true; current = null; });
form.addEventListener('submit', async event => {
  event.preventDefault();
  const out = document.getElementById('call-message');
  const b = body();
  const wrong = problems(b);
  if (wrong.length) { showNotice(out, wrong.join('；'), 'bad'); return; }
  try {
    const r = await api('supervision', `/cases/${current.petitionId}/call-backs`, { method: 'POST', body: b });
    const next = r.nextCallDueAt ? `；下次回访：${fmtDateTime(r.nextCallDueAt)}` : '';
    showNotice(message, `${current.trackingNumber}：${OUTCOME[r.callBack.outcome] || r.callBack.outcome}（案件状态：${status(r.status)}）${next}`);
    form.hidden = true;
    current = null;
    await load();
    message.hidden = false;
  } catch (e) { showProblem(out, e); }
});

document.querySelectorAll('button[data-state]').forEach(b => b.addEventListener('click', () => {
  state = b.dataset.state;
  document.querySelectorAll('button[data-state]').forEach(o => o.setAttribute('aria-pressed', String(o === b)));
  form.hidden = true;
  load();
}));
document.getElementById('refresh').addEventListener('click', () => load());
load();
