import { api, session, showProblem, showNotice } from './api.js';
import { staffPage, brand } from './layout.js';
import { el, badge, status, fmtDateTime, fmtDate, timeLeft, urgencyBadge, LEVEL, REASON, ROLE, URGENCY } from './format.js';
import { escalationPath } from './charts.js';
import { caseDocuments } from './case-documents.js';

const claims = staffPage(['handler', 'supervisor', 'leader', 'clerk', 'auditor']);
const $ = (id) => document.getElementById(id);
// the id from the address bar goes into API paths: only a petition id (a UUID) is taken, and it is encoded anyway,
// so that "?id=../internal/x" can never steer a call elsewhere
const rawId = new URLSearchParams(location.search).get('id') || '';
const id = /^[0-9a-fA-F-]{36}$/.test(rawId) ? encodeURIComponent(rawId) : '00000000-0000-0000-0000-000000000000';
const roles = claims.groups || [];
const categories = Object.fromEntries((await api('intake', '/categories', { anonymous: true }).catch(() => [])).map(c => [c.code, c.nameZh]));

/** What a handler may do in which state, and why (《信访工作条例》; supervision enforces the same). */
const HANDLER_ACTIONS = [
  { key: 'accept', label: '受理', states: ['ASSIGNED'], explain: '决定受理：60日办理期限从今天起算，信访人会收到受理告知。' },
  { key: 'decline', label: '不予受理', states: ['ASSIGNED'], reason: '不予受理的理由（将书面告知信访人）', explain: '须说明理由；信访人会收到书面告知。' },
  { key: 'extend', label: '延期', states: ['ACCEPTED'], days: true, reason: '延期理由', explain: '经单位负责人批准，可延期一次，最多30日；信访人会收到延期理由和新期限。' },
  { key: 'reply', label: '办结答复', states: ['ACCEPTED', 'EXTENDED'], text: '书面答复意见', explain: '书面答复后案件办结；信访人可在30日内评价或申请上一级复查。' },
  { key: 'escalate', label: '申请提级', states: ['ASSIGNED', 'ACCEPTED', 'EXTENDED'], reason: '本级无法解决的原因', explain: '本级无法解决的，提交上一级（县→市→省）办理，上一级重新起算15日受理期限。' },
  { key: 'return', label: '退回（交办错误）', states: ['ASSIGNED'], reason: '退回理由', explain: '不属于本单位职责的，可退回本级信访局重新交办；每件只能退回一次。' },
];
const STATE_TEXT = {
  ASSIGNED: '待受理：须在15日受理期限内决定是否受理。', ACCEPTED: '办理中：须在60日办理期限内书面答复。',
  EXTENDED: '已延期：须在延长后的期限内书面答复。', REPLIED: '已答复，等待信访人评价；30日内可申请复查。',
  ESCALATED: '已申请提级，等待上一级接办。', NOT_ACCEPTED: '不予受理，已告知信访人。',
};

async function load() {
  let ledger;
  try {
    ledger = await api('supervision', `/ledger/${id}`);
  } catch (e) { showProblem($('message'), e); return; }
  document.title = `${ledger.trackingNumber} · ${await brand()}`;
  $('tracking').textContent = ledger.trackingNumber;
  $('status-badge').replaceChildren(badge(status(ledger.status), ledger.status === 'REPLIED' || ledger.status === 'EVALUATED' ? 'ok' : ''));
  $('status-badge').dataset.status = ledger.status;
  const due = ledger.status === 'ASSIGNED' ? ledger.acceptanceDueAt : ['ACCEPTED', 'EXTENDED'].includes(ledger.status) ? ledger.handlingDueAt : null;
  const left = timeLeft(due);
  const facts = [
    ['状态', status(ledger.status)], ['紧急程度', el('span', { id: 'urgency' }, urgencyBadge(ledger.urgency), ledger.urgencySource === 'SUPERVISOR' ? '（督办员确定）' : '（按类别）')],
    ['责任单位', ledger.unitCode], ['层级', LEVEL[ledger.level] || ledger.level],
    ['类别', categories[ledger.categoryCode] || ledger.categoryCode], ['地点', ledger.locationCode], ['人数', ledger.personCount],
    ['登记时间', fmtDateTime(ledger.registeredAt)], ['交办时间', fmtDateTime(ledger.assignedAt)],
    ['受理期限', fmtDateTime(ledger.acceptanceDueAt)], ['办理期限', fmtDateTime(ledger.handlingDueAt)],
    ['剩余时间', due ? badge(left.text, left.kind) : '—'],
    ['延期', ledger.extendedDays ? `${ledger.extendedDays} 日` : '—'],
    ['重复访', ledger.repeat ? '是' : '否'], ['领导接访', ledger.receivedByLeader || '—'],
    ['理由（不予受理、提级）', ledger.decisionReason], ['答复', ledger.replyText], ['答复时间', ledger.repliedAt ? fmtDateTime(ledger.repliedAt) : null],
  ].filter(([, v]) => v !== null && v !== undefined);
  $('facts').replaceChildren(...facts.flatMap(([k, v]) => [el('dt', { text: k }), el('dd', {}, v)]));
  $('timeline').replaceChildren(...ledger.timeline.map(t => el('li', {},
    el('time', { datetime: t.at, text: fmtDateTime(t.at) }),
    el('strong', { text: status(t.toStatus) }), ` · ${ROLE[t.actorRole] || t.actorRole || '系统'}`, t.unitCode ? ` · ${t.unitCode}` : '',
    t.reason ? el('div', { text: t.reason }) : null)));
  chainBadge();
  if (roles.includes('handler')) handlerActions(ledger);
  if (roles.some(r => ['supervisor', 'leader', 'auditor', 'clerk'].includes(r))) path();
  if (roles.some(r => ['supervisor', 'leader', 'handler', 'auditor'].includes(r))) leadership(ledger);
  matter(ledger);
  callBacks();
  caseDocuments($('documents-card'), decodeURIComponent(id), roles);
}

/** The states a case may be linked in (supervision's CaseLifecycle.LINK). */
const LINKABLE = ['ASSIGNED', 'ACCEPTED', 'EXTENDED'];

/**
 * 同一事项归并: the matter this case belongs to (its lead and members, batches and person-times). The bureau (supervisor,
 * clerk) links open cases of the same matter that supervision suggests, and splits a member off, each with a reason;
 * supervision checks scope and recusal and answers with the matter as it now is.
 */
async function matter(ledger) {
  let m;
  try { m = await api('supervision', `/cases/${id}/linked-cases`); } catch { return; }
  const mayLink = roles.some(r => ['supervisor', 'clerk'].includes(r));
  if (m.role === 'NONE' && !mayLink) return;
  $('matter-card').hidden = false;
  showMatter(m, mayLink);
  if (!mayLink) return;
  const forms = [];
  if (m.role !== 'MEMBER' && LINKABLE.includes(ledger.status)) forms.push(await linkForm());
  $('matter-actions').replaceChildren(...forms);
}

function showMatter(m, mayLink) {
  const leadId = m.lead?.petitionId;
  $('matter-summary').textContent = m.role === 'NONE' ? '本件未与其他案件归并。'
    : `${m.role === 'MEMBER' ? '本件为并件，随主件由主件的责任单位一并办理，每一步都告知每位信访人。' : '本件为主件，并件随本件一并办理。'}`
      + `共 ${m.batches} 批次、${m.personTimes} 人次。`;
  if (m.role === 'NONE') { $('matter').replaceChildren(); return; }
  const cases = [m.lead ? [m.lead, true] : null, ...m.members.map(c => [c, false])].filter(Boolean);
  const split = mayLink && leadId ? el('div', { class: 'field' }, el('label', { for: 'split-reason', text: '拆分理由（事项不同时拆分，拆分后单独办理）' }),
    el('textarea', { id: 'split-reason', name: 'reason' })) : null;
  $('matter').replaceChildren(el('table', { id: 'matter-cases' },
    el('thead', {}, el('tr', {}, ['信访件编号', '主件/并件', '状态', '人数', mayLink ? '操作' : '归并理由'].map(h => el('th', { text: h })))),
    el('tbody', {}, cases.map(([c, isLead]) => el('tr', { 'data-petition-id': c.petitionId, 'data-tracking': c.trackingNumber },
      el('td', {}, el('a', { href: `/case.html?id=${encodeURIComponent(c.petitionId)}`, text: c.trackingNumber })),
      el('td', { text: isLead ? '主件' : '并件' }), el('td', { text: status(c.status) }), el('td', { text: String(c.personCount) }),
      el('td', {}, !isLead && split ? splitButton(leadId, c) : (c.linkReason || '—')))))), split || '');
}

function splitButton(leadId, member) {
  const button = el('button', { type: 'button', id: `do-split-${member.petitionId}` }, '拆分');
  button.addEventListener('click', async () => {
    const reason = $('split-reason').value.trim();
    if (!reason) { showNotice($('matter-message'), '请填写拆分理由', 'bad'); return; }
    try {
      const m = await api('supervision', `/cases/${encodeURIComponent(leadId)}/linked-cases/${encodeURIComponent(member.petitionId)}`,
        { method: 'DELETE', body: { reason } });
      showNotice($('matter-message'), `已拆分 ${member.trackingNumber}，该件单独办理`, 'ok');
      showMatter(m, true);
    } catch (err) { showProblem($('matter-message'), err); }
  });
  return button;
}

/** Candidates of the same county, category and accused units, in no matter yet, that the caller could link. */
async function linkForm() {
  let found;
  try { found = await api('supervision', `/cases/${id}/link-suggestions`); } catch (err) { showProblem($('matter-message'), err); return ''; }
  const form = el('form', { id: 'action-link', novalidate: true },
    el('h3', { text: '归并同一事项' }),
    el('p', { class: 'explain', text: '同县、同类别、同被反映单位的未办结案件，按诉求文本相似度排列。归并后由本件的责任单位一并办理，并件不单独办理；相互检举的案件不能归并（回避）。' }),
    found.items.length ? el('ul', { id: 'link-candidates' }, found.items.map(c => el('li', {},
      el('label', {}, el('input', { type: 'checkbox', name: 'caseIds', value: c.petitionId, id: `link-${c.petitionId}` }),
        ` ${c.trackingNumber} · ${status(c.status)} · ${c.personCount} 人 · ${fmtDateTime(c.registeredAt)}`
          + (c.similarity == null ? '' : ` · 文本相似度 ${Math.round(c.similarity * 100)}%`)))))
      : el('p', { id: 'link-candidates', text: '暂无可归并的同类案件。' }),
    el('div', { class: 'field' }, el('label', { for: 'link-reason', text: '归并理由' }), el('textarea', { id: 'link-reason', name: 'reason' })),
    el('button', { type: 'submit', id: 'do-link', disabled: !found.items.length }, '归并'));
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    const caseIds = [...form.querySelectorAll('input[name=caseIds]:checked')].map(i => i.value);
    const reason = form.elements.reason.value.trim();
    if (!caseIds.length) { showNotice($('matter-message'), '请选择要归并的案件', 'bad'); return; }
    if (!reason) { showNotice($('matter-message'), '请填写归并理由', 'bad'); return; }
    try {
      const m = await api('supervision', `/cases/${id}/linked-cases`, { method: 'POST', body: { caseIds, reason } });
      showNotice($('matter-message'), `已归并 ${caseIds.length} 件`, 'ok');
      showMatter(m, true);
      $('matter-actions').replaceChildren(await linkForm());
    } catch (err) { showProblem($('matter-message'), err); }
  });
  return form;
}

const SATISFACTION = { SATISFIED: '满意', BASICALLY_SATISFIED: '基本满意', NOT_SATISFIED: '不满意' };
const CALL_OUTCOME = { RETRY: '未接通，再次回访', UNREACHABLE: '多次未接通', CLOSED: '回访完成', REOPENED: '退回重新办理', ESCALATED: '提级办理', RECORDED: '已记录' };

/** The record of satisfaction after the replies: the bureau's call-backs (回访) and the petitioner's own online evaluations. */
async function callBacks() {
  let view;
  try { view = await api('supervision', `/cases/${id}/call-backs`); } catch { return; }
  if (!view.record.length && !view.nextCallDueAt) return;
  const due = view.nextCallDueAt ? el('p', {}, '下次回访期限：', fmtDateTime(view.nextCallDueAt), ' ', badge(timeLeft(view.nextCallDueAt).text, timeLeft(view.nextCallDueAt).kind)) : null;
  $('call-backs').replaceChildren(due || '', el('ol', { class: 'timeline' }, view.record.map(c => el('li', {},
    el('time', { datetime: c.recordedAt, text: fmtDateTime(c.recordedAt) }),
    el('strong', { text: c.source === 'PETITIONER' ? '信访人网上评价' : `回访第 ${c.attempt} 次` }),
    ` · ${c.reached ? [SATISFACTION[c.satisfaction], c.resolved === true ? '问题已解决' : c.resolved === false ? '问题未解决' : null].filter(Boolean).join('，') : '未接通'}`,
    ` · ${CALL_OUTCOME[c.outcome] || c.outcome}`,
    c.comment ? el('div', { text: c.comment }) : null))));
  $('call-backs-card').hidden = false;
}

/** The timeline's hash chain, recomputed by supervision: ✓ when every entry is as written, else the first one that is not. */
async function chainBadge() {
  let v;
  try { v = await api('supervision', `/cases/${id}/timeline/verification`); } catch { $('chain-badge').replaceChildren(); return; }
  const text = v.verified ? `✓ 已校验（${v.entries} 条记录未被改动）` : `✗ 第 ${v.brokenAt.position} 条记录起校验不符`;
  const title = v.verified ? `链头 ${v.head}` : `记录 ${v.brokenAt.entryId}：${v.brokenAt.reason === 'hash mismatch' ? '内容被改动' : v.brokenAt.reason === 'link mismatch' ? '前一条记录缺失或被替换' : '与已发布的每日摘要不符'}`;
  const b = badge(text, v.verified ? 'ok' : 'bad');
  b.title = title;
  b.dataset.verified = String(v.verified);
  $('chain-badge').replaceChildren(b);
}

function handlerActions(ledger) {
  $('actions-card').hidden = false;
  if (ledger.leadPetitionId) {
    // a member of a matter is worked through its lead (supervision answers any step on it with 409)
    $('state-explain').textContent = '本件已归并，随主件一并办理，不单独办理。';
    $('actions').replaceChildren(el('p', {}, el('a', { id: 'lead-link', href: `/case.html?id=${encodeURIComponent(ledger.leadPetitionId)}`, text: '办理主件' })));
    return;
  }
  $('state-explain').textContent = STATE_TEXT[ledger.status] || `当前状态：${status(ledger.status)}，无需本单位操作。`;
  const forms = HANDLER_ACTIONS.map(a => {
    const allowed = a.states.includes(ledger.status);
    const form = el('form', { class: 'card', id: `action-${a.key}`, novalidate: true, 'aria-labelledby': `h-${a.key}` },
      el('h3', { id: `h-${a.key}`, text: a.label }),
      el('p', { class: 'explain', text: allowed ? a.explain : `${a.explain}（仅在“${a.states.map(status).join('、')}”状态下可用）` }),
      a.days ? el('div', { class: 'field' }, el('label', { for: `${a.key}-days`, text: '延长天数（1–30）' }), el('input', { id: `${a.key}-days`, name: 'days', inputmode: 'numeric', value: '30' })) : null,
      a.reason ? el('div', { class: 'field' }, el('label', { for: `${a.key}-reason`, text: a.reason }), el('textarea', { id: `${a.key}-reason`, name: 'reason' })) : null,
      a.text ? el('div', { class: 'field' }, el('label', { for: `${a.key}-text`, text: a.text }), el('textarea', { id: `${a.key}-text`, name: 'text' })) : null,
      el('button', { type: 'submit', class: a.key === 'accept' || a.key === 'reply' ? 'primary' : '', id: `do-${a.key}`, disabled: !allowed }, a.label));
    form.addEventListener('submit', (e) => { e.preventDefault(); act(a, form); });
    if (!allowed) form.classList.add('hidden');
    return form;
  });
  $('actions').replaceChildren(...forms);
}

async function act(action, form) {
  const v = (name) => form.elements[name]?.value?.trim();
  const need = (name, what) => { if (!v(name)) { throw { problem: { title: '请填写', detail: what } }; } };
  try {
    let result;
    switch (action.key) {
      case 'accept': result = await api('supervision', `/cases/${id}/decision`, { method: 'POST', body: { accepted: true } }); break;
      case 'decline': need('reason', action.reason); result = await api('supervision', `/cases/${id}/decision`, { method: 'POST', body: { accepted: false, reason: v('reason') } }); break;
      case 'extend': need('reason', action.reason);
        if (!/^[0-9]+$/.test(v('days')) || +v('days') < 1 || +v('days') > 30) throw { problem: { title: '延长天数', detail: '延期最多30日' } };
        result = await api('supervision', `/cases/${id}/extension`, { method: 'POST', body: { days: +v('days'), reason: v('reason') } }); break;
      case 'reply': need('text', action.text); result = await api('supervision', `/cases/${id}/reply`, { method: 'POST', body: { text: v('text') } }); break;
      case 'escalate': need('reason', action.reason); result = await api('supervision', `/cases/${id}/escalation-request`, { method: 'POST', body: { reason: v('reason') } }); break;
      case 'return': need('reason', action.reason); result = await api('routing', `/cases/${id}/return`, { method: 'POST', body: { reason: v('reason') } }); break;
    }
    showNotice($('action-message'), `${action.label}：已完成${result?.status ? `，当前状态 ${status(result.status)}` : ''}`, 'ok');
    if (result?.status) {
      $('status-badge').replaceChildren(badge(status(result.status)));
      $('status-badge').dataset.status = result.status;
    }
    if (action.key === 'escalate' || action.key === 'return') {
      // the case is leaving this unit: once the next unit has it, this unit no longer sees it
      $('actions').replaceChildren(el('p', { text: '案件已转出本单位，由上一级或信访局重新交办。' }));
      return;
    }
    await load();
  } catch (e) { showProblem($('action-message'), e); }
}

async function path() {
  try {
    const routing = await api('routing', `/cases/${id}/assignments`);
    $('path-card').hidden = false;
    $('path').replaceChildren(escalationPath(routing.history));
    $('assignments').replaceChildren(...routing.history.map(a => el('li', {},
      el('time', { datetime: a.assignedAt, text: fmtDateTime(a.assignedAt) }),
      el('strong', { text: `${LEVEL[a.level] || a.level} ${a.unitCode}` }), ` · ${REASON[a.reason] || a.reason}`,
      a.note ? el('div', { class: 'muted', text: a.note }) : null,
      a.coveringLeaders?.length ? el('div', { text: `包点领导：${a.coveringLeaders.join('、')}` }) : null)));
  } catch { /* not routed yet, or not for this role */ }
}

async function leadership(ledger) {
  let view = null;
  try { view = await api('supervision', `/cases/${id}/leadership`); } catch { /* handlers of other units */ }
  $('leader-card').hidden = false;
  if (view) {
    $('leadership').replaceChildren(el('dl', { class: 'facts' },
      el('dt', { text: '督办次数' }), el('dd', { text: String(view.urgeCount) }),
      el('dt', { text: '批示' }), el('dd', {}, view.instructions.length ? el('ul', {}, view.instructions.map(t => el('li', { text: t }))) : '—'),
      el('dt', { text: '纪要' }), el('dd', { text: view.minutes || '—' }),
      el('dt', { text: '专班' }), el('dd', { text: view.team || '—' }),
      el('dt', { text: '跟进' }), el('dd', {}, view.followUps.length ? el('ul', {}, view.followUps.map(f =>
        el('li', { text: `${fmtDate(f.dueAt)} ${f.doneAt ? `已完成：${f.note || ''}` : f.overdueAt ? '已逾期' : '待跟进'}` }))) : '—')));
  }
  const forms = [];
  const open = ['ASSIGNED', 'ACCEPTED', 'EXTENDED', 'REVIEW_REQUESTED', 'RE_REVIEW_REQUESTED'].includes(ledger.status);
  if (roles.includes('supervisor')) {
    forms.push(simpleForm('urge', '督办', '督办事由', '向责任单位发出督办，记入办理过程。只能督办本辖区未办结的案件。', !open,
      (text) => api('supervision', `/cases/${id}/urge`, { method: 'POST', body: { reason: text } })));
    forms.push(urgencyForm(ledger));
  }
  if (roles.includes('leader')) {
    forms.push(simpleForm('instruct', '领导批示', '批示内容', '批示记入办理过程，责任单位可见。', false,
      (text) => api('supervision', `/cases/${id}/instructions`, { method: 'POST', body: { text } })));
    if (!view?.minutes) forms.push(minutesForm());
  }
  $('leader-actions').replaceChildren(...forms);
}

function simpleForm(key, label, fieldLabel, explain, disabled, send) {
  const form = el('form', { id: `action-${key}`, novalidate: true },
    el('h3', { text: label }), el('p', { class: 'explain', text: disabled ? `${explain}（当前状态不可用）` : explain }),
    el('div', { class: 'field' }, el('label', { for: `${key}-text`, text: fieldLabel }), el('textarea', { id: `${key}-text`, name: 'text' })),
    el('button', { type: 'submit', id: `do-${key}`, disabled }, label));
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    const text = form.elements.text.value.trim();
    if (!text) { showNotice($('leader-message'), `请填写${fieldLabel}`, 'bad'); return; }
    try { await send(text); showNotice($('leader-message'), `${label}：已记录`, 'ok'); await load(); } catch (err) { showProblem($('leader-message'), err); }
  });
  return form;
}

/** 紧急程度: supervision counts the running clock again by the level's clock (never beyond the statutory one). */
function urgencyForm(ledger) {
  const disabled = !['REGISTERED', 'ASSIGNED', 'ACCEPTED', 'EXTENDED', 'ESCALATED'].includes(ledger.status);
  const explain = '特急、急件的受理和办理期限更短（不超过法定的15日、60日），当前期限按新的紧急程度从原起算时间重新计算，记入办理过程。';
  const form = el('form', { id: 'action-urgency', novalidate: true },
    el('h3', { text: '紧急程度' }), el('p', { class: 'explain', text: disabled ? `${explain}（当前状态不可用）` : explain }),
    el('div', { class: 'field' }, el('label', { for: 'urgency-level', text: '紧急程度' }),
      el('select', { id: 'urgency-level', name: 'urgency' }, Object.entries(URGENCY).map(([k, v]) =>
        el('option', { value: k, text: v, selected: k === ledger.urgency })))),
    el('div', { class: 'field' }, el('label', { for: 'urgency-reason', text: '理由' }), el('textarea', { id: 'urgency-reason', name: 'reason' })),
    el('button', { type: 'submit', id: 'do-urgency', disabled }, '确定紧急程度'));
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    const reason = form.elements.reason.value.trim();
    if (!reason) { showNotice($('leader-message'), '请填写理由', 'bad'); return; }
    try {
      const r = await api('supervision', `/cases/${id}/urgency`, { method: 'PUT', body: { urgency: form.elements.urgency.value, reason } });
      showNotice($('leader-message'), `紧急程度：已定为${URGENCY[r.urgency] || r.urgency}`, 'ok'); await load();
    } catch (err) { showProblem($('leader-message'), err); }
  });
  return form;
}

function minutesForm() {
  const form = el('form', { id: 'action-minutes', novalidate: true },
    el('h3', { text: '纪要与专班' }), el('p', { class: 'explain', text: '领导亲自接访的案件形成纪要，成立专班，定出跟进日期；每个日期前一天提醒，逾期再提醒。每件案件一份纪要。' }),
    el('div', { class: 'field' }, el('label', { for: 'm-summary', text: '纪要' }), el('textarea', { id: 'm-summary', name: 'summary' })),
    el('div', { class: 'field' }, el('label', { for: 'm-team', text: '专班成员（用顿号或逗号分隔）' }), el('input', { id: 'm-team', name: 'team' })),
    el('div', { class: 'field' }, el('label', { for: 'm-dates', text: '跟进日期（可多个，逗号分隔，YYYY-MM-DD）' }), el('input', { id: 'm-dates', name: 'dates' })),
    el('button', { type: 'submit', id: 'do-minutes' }, '记录纪要'));
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    const team = form.elements.team.value.split(/[、,，]/).map(s => s.trim()).filter(Boolean);
    const followUps = form.elements.dates.value.split(/[,，\s]+/).filter(Boolean).map(d => `${d}T09:00:00+08:00`);
    try {
      await api('supervision', `/cases/${id}/minutes`, { method: 'POST', body: { summary: form.elements.summary.value.trim(), team, followUps } });
      showNotice($('leader-message'), '纪要已记录，专班已成立', 'ok'); await load();
    } catch (err) { showProblem($('leader-message'), err); }
  });
  return form;
}

if (!id) showNotice($('message'), '缺少案件编号（?id=）', 'bad'); else load();
void session;
