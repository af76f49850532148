// 同一事项归并 from the ledger (台账): the cases ticked in the list are linked into one matter, one of them the lead (主件,
// by default the earliest registered), with a reason. supervision links all of them or none (docs/linked-cases.md:
// scope, recusal, states); this page asks, shows each case's outcome, and marks the matter's cases in the list.
import { session, api, showProblem, showNotice } from './api.js';
import { el, fmtDateTime } from './format.js';
import { selected } from './ledger-actions.js';
import { matterBadges } from './cases.js';

const groups = session.claims?.groups || [];
const mayLink = groups.includes('supervisor') || groups.includes('clerk');
const form = document.getElementById('filters');
const list = document.getElementById('list');
/** supervision takes at most 500 members with their lead. */
const MAX_MEMBERS = 500;
/** Lookups of a page's matters at a time (the list does not say them yet: see lookUpMatters). */
const PARALLEL = 6;

/** Every row the list has shown: the selection survives paging, so its tracking numbers and dates are kept here. */
const seen = new Map();

const message = el('div', { id: 'link-message', hidden: true });
const results = el('div', { id: 'link-results' });
const openButton = el('button', { type: 'button', id: 'link-open', class: 'primary', onclick: () => open() }, '归并为同一事项…');
const card = mayLink ? el('section', { class: 'card', id: 'link-matter', 'aria-labelledby': 'link-matter-title' },
  el('h2', { id: 'link-matter-title', text: '归并为同一事项（同一事项归并）' }),
  el('p', { class: 'muted', text: '在列表中勾选同一事项的案件（至少 2 件，至多 501 件），选定主件并填写理由。主件的责任单位一并办理，'
    + '并件随主件的每一步办理并告知各自的信访人。归并全部成功或全部不做：任何一件不能归并（状态、辖区、回避），本次不归并任何案件。' }),
  el('div', { class: 'actions' }, openButton), message, results) : null;

const leadChoices = el('div', { id: 'link-lead-choices', role: 'radiogroup', 'aria-labelledby': 'link-lead-legend' });
const reason = el('textarea', { id: 'link-matter-reason', rows: 3, maxlength: 2000, placeholder: '如：同一用工单位拖欠工资，同一事项' });
const dialogMessage = el('div', { id: 'link-dialog-message', hidden: true });
const confirmButton = el('button', { type: 'submit', class: 'primary', id: 'link-confirm' }, '确认归并');
const dialog = el('dialog', { id: 'link-dialog', 'aria-labelledby': 'link-dialog-title' },
  el('form', { id: 'link-form', novalidate: true, onsubmit: (e) => { e.preventDefault(); confirm(); } },
    el('h2', { id: 'link-dialog-title', text: '归并为同一事项' }),
    el('fieldset', {}, el('legend', { id: 'link-lead-legend', text: '主件（由其责任单位牵头办理；默认最早登记的一件）' }), leadChoices),
    el('div', { class: 'field' }, el('label', { for: 'link-matter-reason', text: '归并理由（写入各案件的办理记录）' }), reason),
    dialogMessage,
    el('div', { class: 'actions' }, confirmButton,
      el('button', { type: 'button', id: 'link-cancel', onclick: () => dialog.close() }, '取消'))));

if (card) {
  (document.getElementById('bulk') || document.getElementById('export') || form).after(card);
  document.body.append(dialog);
}

function remember() {
  for (const row of list.querySelectorAll('tr[data-petition-id]')) {
    seen.set(row.dataset.petitionId, { tracking: row.dataset.tracking, registeredAt: row.dataset.registeredAt || null });
  }
}

/** The selected cases, earliest registered first (unknown dates last, then by tracking number, which counts up). */
function chosen() {
  return [...selected].map(id => ({ id, ...(seen.get(id) || { tracking: id, registeredAt: null }) }))
    .sort((a, b) => (a.registeredAt ? 0 : 1) - (b.registeredAt ? 0 : 1)
      || (a.registeredAt && b.registeredAt ? new Date(a.registeredAt) - new Date(b.registeredAt) : 0)
      || String(a.tracking).localeCompare(String(b.tracking)));
}

function open() {
  message.hidden = true;
  results.replaceChildren();
  const cases = chosen();
  if (cases.length < 2) { showNotice(message, '请在列表中勾选至少 2 件同一事项的案件', 'bad'); return; }
  if (cases.length > MAX_MEMBERS + 1) { showNotice(message, `每次至多 ${MAX_MEMBERS + 1} 件（1 件主件、${MAX_MEMBERS} 件并件），当前已选 ${cases.length} 件`, 'bad'); return; }
  leadChoices.replaceChildren(...cases.map((c, i) => el('div', { class: 'field' },
    el('label', { for: `link-lead-${c.id}` },
      el('input', { type: 'radio', name: 'lead', id: `link-lead-${c.id}`, value: c.id, checked: i === 0 }),
      ` ${c.tracking} · 登记于 ${fmtDateTime(c.registeredAt)}${i === 0 ? '（最早登记）' : ''}`))));
  dialogMessage.hidden = true;
  confirmButton.disabled = false;
  dialog.showModal();
  leadChoices.querySelector('input:checked')?.focus();
}

async function confirm() {
  const cases = chosen();
  const leadId = leadChoices.querySelector('input[name=lead]:checked')?.value;
  if (!leadId) { showNotice(dialogMessage, '请选择主件', 'bad'); return; }
  if (!reason.value.trim()) { showNotice(dialogMessage, '请填写归并理由', 'bad'); reason.focus(); return; }
  const caseIds = cases.map(c => c.id).filter(id => id !== leadId);
  confirmButton.disabled = true;
  try {
    const matter = await api('supervision', `/cases/${encodeURIComponent(leadId)}/linked-cases`,
      { method: 'POST', body: { caseIds, reason: reason.value.trim() } });
    dialog.close();
    const inMatter = new Set([matter.lead?.petitionId, ...(matter.members || []).map(m => m.petitionId)]);
    const lead = seen.get(leadId)?.tracking || matter.lead?.trackingNumber || leadId;
    const linked = caseIds.filter(id => inMatter.has(id)).length;
    showNotice(message, `已归并为同一事项：主件 ${lead}，本次并入 ${linked} 件；共 ${matter.batches} 批次、${matter.personTimes} 人次。`,
      linked === caseIds.length ? 'ok' : 'warn');
    outcomes(cases, leadId, id => (inMatter.has(id) ? (id === leadId ? '已作为主件' : `已并入主件 ${lead}`) : '未归并'));
    reason.value = '';
    selected.clear();
    form.requestSubmit(); // the list again, with the matter marked
  } catch (e) {
    dialog.close();
    // all or none: supervision changed nothing, so the list stays as it is and the selection can be corrected
    showProblem(message, e);
    message.append(el('p', { text: '全部或全不：本次没有归并任何案件。' }));
    outcomes(cases, leadId, () => '未归并');
  } finally {
    confirmButton.disabled = false;
  }
}

function outcomes(cases, leadId, outcome) {
  results.replaceChildren(el('div', { class: 'table-wrap' }, el('table', { class: 'cards', id: 'link-outcomes' },
    el('thead', {}, el('tr', {}, ['信访件', '主件/并件', '结果'].map(h => el('th', { scope: 'col', text: h })))),
    el('tbody', {}, cases.map(c => el('tr', { 'data-petition-id': c.id, 'data-tracking': c.tracking },
      el('td', { 'data-label': '信访件', text: c.tracking }),
      el('td', { 'data-label': '主件/并件', text: c.id === leadId ? '主件' : '并件' }),
      el('td', { 'data-label': '结果', text: outcome(c.id) })))))));
}

/**
 * supervision's queue (GET /cases/queue) does not say which matter a case is in, so each row of the page shown is asked
 * (GET /cases/{id}/linked-cases, a few at a time). When the queue carries leadPetitionId / linkedCases, cases.js shows
 * them from the list and marks the row data-link-known, and nothing is asked here.
 */
async function lookUpMatters() {
  const rows = [...list.querySelectorAll('#cases tbody tr[data-petition-id]')]
    .filter(r => !r.dataset.linkKnown && !r.dataset.matterAsked);
  rows.forEach(r => { r.dataset.matterAsked = 'true'; });
  let next = 0;
  const worker = async () => {
    while (next < rows.length) {
      const row = rows[next++];
      if (!row.isConnected) continue; // the list was drawn anew meanwhile
      let m;
      try { m = await api('supervision', `/cases/${encodeURIComponent(row.dataset.petitionId)}/linked-cases`); } catch { continue; }
      const flags = row.querySelector('td[data-label="标记"]');
      if (!flags || !m || typeof m !== 'object' || !['LEAD', 'MEMBER'].includes(m.role)) continue;
      const b = matterBadges(m.role === 'MEMBER'
        ? { leadPetitionId: m.lead?.petitionId, leadTrackingNumber: m.lead?.trackingNumber }
        : { trackingNumber: m.lead?.trackingNumber || row.dataset.tracking, linkedCases: (m.members || []).length });
      flags.append(...b);
    }
  };
  await Promise.all(Array.from({ length: Math.min(PARALLEL, rows.length) }, worker));
}

new MutationObserver(() => {
  remember();
  lookUpMatters();
}).observe(list, { childList: true });
