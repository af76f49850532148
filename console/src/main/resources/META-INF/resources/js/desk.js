import { api, idempotencyKey, showProblem, showNotice } from './api.js';
import { staffPage } from './layout.js';
import { el, fmtDateTime, todayInChina } from './format.js';
import { rules, field, checkAll, TOWNSHIP } from './validate.js';
import { loadCategories, cityCounty } from './places.js';
import { accusedSection } from './accused.js';
import { materialsSection } from './materials.js';

staffPage(['clerk']);
const $ = (id) => document.getElementById(id);
const form = $('petition-form');
const message = $('form-message');
let calledTicket = null; // {ticketId, number} while a called visitor is being registered
let sessionId = null;

await Promise.all([loadCategories($('category')), cityCounty($('city'), $('county'))]);

const channel = () => form.querySelector('input[name=channel]:checked').value;
form.addEventListener('change', (e) => {
  if (e.target.name === 'channel') $('letter-fields').classList.toggle('hidden', channel() !== 'LETTER');
});

const checks = [
  field($('category'), rules.required),
  field($('county'), (v) => ($('township').value ? null : rules.required(v))),
  field($('township'), (v) => (!v || (TOWNSHIP.test(v) && v.startsWith($('county').value)) ? null : '乡镇代码为9位，且属于所选县（区）')),
  field($('summary'), rules.required, rules.max(500), rules.plain),
  field($('content'), rules.max(20000)),
  field($('personCount'), rules.required, rules.intRange(1, 10000),
    (v) => (+v >= representatives().length ? null : '人数不能少于代表人数')),
  field($('pName'), rules.required, rules.max(50), rules.plain),
  field($('pPhone'), rules.required, rules.phone),
  field($('pId'), rules.residentId),
  field($('pAddress'), rules.max(200)),
  field($('receivedOn'), (v) => (channel() !== 'LETTER' || v ? null : '来信须填写收信日期'),
    (v) => (!v || v <= todayInChina() ? null : '收信日期不能晚于今天')),
  field($('postmarkedOn'), (v) => (!v || !$('receivedOn').value || v <= $('receivedOn').value ? null : '邮戳日期不能晚于收信日期')),
  field($('iText'), (v) => (!$('iLeader').value || v.trim() ? null : '请填写批示内容')),
];
let repChecks = [];

const accused = accusedSection($('accused'), $('add-accused'), () => $('township').value || $('county').value);

function representatives() { return [...$('representatives').querySelectorAll('.representative')]; }

$('add-representative').addEventListener('click', () => {
  const n = representatives().length;
  if (n >= 5) return;
  const i = Date.now();
  const box = el('div', { class: 'row representative' },
    el('div', { class: 'field' }, el('label', { for: `rName${i}`, text: `代表${n + 1}姓名` }), el('input', { id: `rName${i}`, class: 'r-name', autocomplete: 'off' })),
    el('div', { class: 'field' }, el('label', { for: `rId${i}`, text: '身份证号' }), el('input', { id: `rId${i}`, class: 'r-id', autocomplete: 'off' })),
    el('div', { class: 'field' }, el('label', { for: `rPhone${i}`, text: '电话（可选）' }), el('input', { id: `rPhone${i}`, class: 'r-phone', inputmode: 'tel', autocomplete: 'off' })));
  $('representatives').append(box);
  repChecks.push(field(box.querySelector('.r-name'), rules.required, rules.max(50)),
    field(box.querySelector('.r-id'), rules.required, rules.residentId), field(box.querySelector('.r-phone'), rules.phone));
  $('add-representative').disabled = representatives().length >= 5;
  if (+$('personCount').value < representatives().length) $('personCount').value = String(Math.max(5, representatives().length));
  box.querySelector('input').focus();
});

form.addEventListener('reset', () => {
  $('representatives').replaceChildren(); repChecks = []; $('add-representative').disabled = false;
  accused.reset();
  setTimeout(() => form.querySelectorAll('[aria-invalid]').forEach(i => i.removeAttribute('aria-invalid')));
});

function body() {
  const opt = (v) => (v && v.trim() ? v.trim() : undefined);
  const b = {
    categoryCode: $('category').value,
    locationCode: $('township').value || $('county').value,
    summary: $('summary').value.trim(),
    content: opt($('content').value),
    personCount: +$('personCount').value || 1,
    petitioner: { name: $('pName').value.trim(), phone: $('pPhone').value.trim(), idNumber: opt($('pId').value)?.toUpperCase(), address: opt($('pAddress').value) },
  };
  const reps = representatives().map(r => ({ name: r.querySelector('.r-name').value.trim(), idNumber: r.querySelector('.r-id').value.trim().toUpperCase(), phone: opt(r.querySelector('.r-phone').value) }));
  if (reps.length) b.representatives = reps;
  const named = accused.value();
  if (named.length) b.accused = named;
  if (calledTicket) {
    b.receivedByLeader = $('receivedByLeader').checked;
    return b;
  }
  b.channel = channel();
  if (b.channel === 'LETTER') b.letter = { receivedOn: $('receivedOn').value, postmarkedOn: opt($('postmarkedOn').value) };
  if (opt($('iLeader').value)) b.instruction = { leader: $('iLeader').value.trim(), text: $('iText').value.trim() };
  return b;
}

// one key per filled-in form: a double click or a retry after a timeout registers once
let pendingKey = null;
form.addEventListener('input', () => { pendingKey = null; });
form.addEventListener('submit', async (e) => {
  e.preventDefault();
  message.hidden = true;
  if (!checkAll([...checks, ...repChecks, ...accused.checks])) {
    showNotice(message, '请先更正标红的项目', 'bad');
    return;
  }
  pendingKey = pendingKey || idempotencyKey();
  $('register').disabled = true;
  try {
    const path = calledTicket ? `/reception-sessions/${sessionId}/tickets/${calledTicket.ticketId}/registration` : '/petitions';
    const receipt = await api('intake', path, { method: 'POST', body: body(), headers: { 'Idempotency-Key': pendingKey } });
    $('receipt-tracking').textContent = receipt.trackingNumber;
    $('receipt-code').textContent = receipt.queryCode;
    $('receipt-at').textContent = fmtDateTime(receipt.registeredAt);
    $('receipt').hidden = false;
    $('receipt').dataset.petitionId = receipt.petitionId;
    // the letter's scan, its envelope, photos: attached to the petition just registered
    materialsSection($('receipt-materials'), { petitionId: receipt.petitionId });
    showNotice(message, `已登记：${receipt.trackingNumber}`, 'ok');
    form.reset();
    pendingKey = null;
    if (calledTicket) { calledTicket = null; ticketMode(); refreshQueue(); }
    $('receipt').focus();
  } catch (err) {
    showProblem(message, err);
  } finally {
    $('register').disabled = false;
  }
});
$('print').addEventListener('click', () => window.print());

// ---------------------------------------------------------------- the reception session's visitor queue
const sessionMessage = $('session-message');
const today = todayInChina();
try {
  const sessions = await api('intake', '/public/reception-sessions', { anonymous: true });
  for (const s of sessions.filter(x => x.date === today)) {
    $('session-pick').append(el('option', { value: s.sessionId, text: `${s.startsAt.slice(0, 5)} ${s.countyName || s.countyCode} ${s.leaderTitle}${s.leaderName}` }));
  }
} catch { /* the list is a convenience; the id can be typed */ }

function ticketMode() {
  const on = !!calledTicket;
  $('ticket-banner').hidden = !on;
  $('ticket-banner').textContent = on ? `正在为 ${calledTicket.number} 号来访人登记（${$('desk-no').value} 号接谈组）` : '';
  $('channel-set').classList.toggle('hidden', on);
  $('instruction-set').classList.toggle('hidden', on);
  $('leader-received-label').classList.toggle('hidden', !on);
  if (on) $('letter-fields').classList.add('hidden');
}

async function loadSession() {
  sessionId = $('session-id').value.trim() || $('session-pick').value;
  if (!sessionId) { showNotice(sessionMessage, '请选择或输入场次编号', 'bad'); return; }
  try {
    const s = await api('intake', `/reception-sessions/${sessionId}`);
    const STATE = { DRAFT: '未公示', PUBLISHED: '已公示', OPEN: '接访中', CLOSED: '已结束' };
    $('session-info').textContent = `${s.date} ${s.startsAt.slice(0, 5)}–${s.endsAt.slice(0, 5)} ${s.countyName || s.countyCode} · ${s.venue} · 接访领导 ${s.leaderTitle}${s.leaderName} · 接谈组 ${s.desks.length} 个 · ${STATE[s.status] || s.status}`;
    $('session-actions').hidden = false;
    refreshQueue();
  } catch (err) { showProblem(sessionMessage, err); }
}

async function refreshQueue() {
  if (!sessionId) return;
  try {
    const waiting = await api('intake', `/reception-sessions/${sessionId}/queue`);
    $('queue').replaceChildren(...waiting.map(t => el('li', {}, `${t.number} 号`, t.carriedOver ? '（顺延）' : '')));
    if (!waiting.length) $('queue').append(el('li', { class: 'muted', text: '无人等待' }));
  } catch { /* not open yet */ }
}

async function sessionAction(fn) {
  sessionMessage.hidden = true;
  try { await fn(); } catch (err) { showProblem(sessionMessage, err); }
  refreshQueue();
}

$('load-session').addEventListener('click', loadSession);
$('open-session').addEventListener('click', () => sessionAction(async () => {
  await api('intake', `/reception-sessions/${sessionId}/opening`, { method: 'POST' });
  showNotice(sessionMessage, '已开始接访，可以取号', 'ok');
  loadSession();
}));
$('issue-ticket').addEventListener('click', () => sessionAction(async () => {
  const t = await api('intake', `/reception-sessions/${sessionId}/tickets`, { method: 'POST', headers: { 'Idempotency-Key': idempotencyKey() } });
  showNotice(sessionMessage, `已取号：${t.number} 号`, 'ok');
}));
$('call-next').addEventListener('click', () => sessionAction(async () => {
  const desk = +$('desk-no').value || 1;
  const t = await api('intake', `/reception-sessions/${sessionId}/desks/${desk}/next-ticket`, { method: 'POST' });
  if (!t) { showNotice(sessionMessage, '无人等待', 'warn'); return; }
  calledTicket = t;
  ticketMode();
  showNotice(sessionMessage, `请 ${t.number} 号到 ${desk} 号接谈组`, 'ok');
  $('summary').focus();
}));
$('return-ticket').addEventListener('click', () => sessionAction(async () => {
  if (!calledTicket) { showNotice(sessionMessage, '当前没有叫到的号', 'warn'); return; }
  await api('intake', `/reception-sessions/${sessionId}/tickets/${calledTicket.ticketId}/return`, { method: 'POST' });
  showNotice(sessionMessage, `${calledTicket.number} 号暂离，保留原号回到队列`, 'ok');
  calledTicket = null;
  ticketMode();
}));
$('close-session').addEventListener('click', () => sessionAction(async () => {
  const report = await api('intake', `/reception-sessions/${sessionId}/closing`, { method: 'POST' });
  const carried = report.carriedOver || [];
  $('closing-report').replaceChildren(el('div', { class: 'notice ok', role: 'status' },
    el('strong', { text: '接访结束。' }), `本场登记 ${report.registered} 件。`,
    carried.length ? `${carried.length} 位来访人顺延：` : '无人顺延。',
    carried.length ? el('ul', {}, carried.map(c => el('li', { text: `${c.fromQueue} 的 ${c.number} 号 → ${c.toQueue} 的 ${c.newNumber} 号` }))) : null,
    report.queueStillServed ? '同县另一场接访仍在进行，由其继续接待。' : ''));
  await loadSession();
}));
