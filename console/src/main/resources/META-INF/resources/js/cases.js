import { el, badge, status, fmtDateTime, timeLeft, urgencyBadge, LEVEL } from './format.js';

/** The queue/ledger table: least time left first (the API sorts; each urgency level has its own clocks), time left on each clock. */
export function caseTable(items, categories) {
  const names = Object.fromEntries((categories || []).map(c => [c.code, c.nameZh]));
  const head = el('thead', {}, el('tr', {}, ['信访件编号', '状态', '紧急程度', '类别', '地点', '层级', '期限', '剩余时间', '标记'].map(h => el('th', { scope: 'col', text: h }))));
  const rows = items.map(c => {
    const left = ['ASSIGNED', 'ACCEPTED', 'EXTENDED'].includes(c.status) ? timeLeft(c.dueAt) : { text: '—', kind: '' };
    const flags = [c.overdue ? badge('超期', 'bad') : null, left.kind === 'warn' ? badge('临期', 'warn') : null,
      c.repeat ? badge('重复访') : null, c.receivedByLeader ? badge(`领导接访：${c.receivedByLeader}`) : null,
      c.leaderCase ? badge('专班') : null, ...matterBadges(c)];
    // whether the list itself says which matter the case is in (js/ledger-link.js asks supervision otherwise)
    const linkKnown = 'leadPetitionId' in c || 'linkedCases' in c;
    return el('tr', { 'data-petition-id': c.petitionId, 'data-tracking': c.trackingNumber,
      'data-registered-at': c.registeredAt || null, 'data-link-known': linkKnown ? 'true' : null },
      el('td', { 'data-label': '编号' }, el('a', { href: `/case.html?id=${c.petitionId}`, text: c.trackingNumber })),
      el('td', { 'data-label': '状态', text: status(c.status) }),
      el('td', { 'data-label': '紧急程度' }, urgencyBadge(c.urgency)),
      el('td', { 'data-label': '类别', text: names[c.categoryCode] || c.categoryCode }),
      el('td', { 'data-label': '地点', text: c.locationCode }),
      el('td', { 'data-label': '层级', text: LEVEL[c.level] || c.level || '—' }),
      el('td', { 'data-label': '期限', text: fmtDateTime(c.dueAt) }),
      el('td', { 'data-label': '剩余时间' }, left.kind ? badge(left.text, left.kind) : left.text),
      el('td', { 'data-label': '标记' }, flags.filter(Boolean)));
  });
  if (!rows.length) rows.push(el('tr', {}, el('td', { colspan: 9, class: 'muted', text: '没有符合条件的案件' })));
  return el('div', { class: 'table-wrap' }, el('table', { class: 'cards', id: 'cases' }, head, el('tbody', {}, rows)));
}

/**
 * 同一事项归并 in a list: a member shows its lead's tracking number, a lead how many members it has. From the list's own
 * fields when it has them (leadPetitionId, leadTrackingNumber, linkedCases), else from GET /cases/{id}/linked-cases.
 */
export function matterBadges(c) {
  if (c.leadPetitionId) {
    const b = badge(`并件 · 主件 ${c.leadTrackingNumber || '（见案件页）'}`);
    b.classList.add('matter');
    b.dataset.lead = c.leadTrackingNumber || c.leadPetitionId;
    return [b];
  }
  if (c.linkedCases > 0) {
    const b = badge(`主件 · 并 ${c.linkedCases} 件`);
    b.classList.add('matter');
    b.dataset.lead = c.trackingNumber;
    return [b];
  }
  return [];
}

export function pager(page, size, total, go) {
  const pages = Math.max(1, Math.ceil(total / size));
  return el('div', { class: 'actions' },
    el('button', { type: 'button', disabled: page <= 0, onclick: () => go(page - 1) }, '上一页'),
    el('span', { class: 'muted', text: `第 ${page + 1} / ${pages} 页，共 ${total} 件` }),
    el('button', { type: 'button', disabled: page + 1 >= pages, onclick: () => go(page + 1) }, '下一页'));
}
