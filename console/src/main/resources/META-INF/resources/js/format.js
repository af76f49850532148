// Names and times as a clerk reads them.
export const STATUS = {
  REGISTERED: '已登记', ASSIGNED: '已交办待受理', ACCEPTED: '已受理办理中', NOT_ACCEPTED: '不予受理',
  EXTENDED: '已延期', REPLIED: '已答复', EVALUATED: '已评价', REVIEW_REQUESTED: '复查中', REVIEW_REPLIED: '复查已答复',
  RE_REVIEW_REQUESTED: '复核中', RE_REVIEW_REPLIED: '复核已答复', FINAL: '已终结', ESCALATED: '已提级', RETURNED: '已退回',
};
export const CHANNEL = { WALK_IN: '来访', LETTER: '来信', HOTLINE: '电话', ONLINE: '网上', UNKNOWN: '未知' };
export const LEVEL = { PROVINCE: '省级', CITY: '市级', COUNTY: '县级', TOWNSHIP: '乡镇' };
/** Urgency levels (紧急程度); each has its own clocks within the statutory ones (docs/urgency.md). */
export const URGENCY = { URGENT_SPECIAL: '特急', URGENT: '急', NORMAL: '一般' };
export const urgencyBadge = u => badge(URGENCY[u] || u || '一般', u === 'URGENT_SPECIAL' ? 'bad' : u === 'URGENT' ? 'warn' : '');
export const REASON = { INITIAL: '初次交办', ESCALATION: '提级', REVIEW: '复查', RE_REVIEW: '复核', RETURNED: '退回重派', REASSIGNMENT: '改派' };
export const ROLE = { clerk: '登记员', handler: '承办人', supervisor: '督办员', leader: '领导', auditor: '审计', admin: '管理员', system: '系统', service: '系统', petitioner: '信访人' };

const dateTime = new Intl.DateTimeFormat('zh-CN', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit' });
const dateOnly = new Intl.DateTimeFormat('zh-CN', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit' });

export const fmtDateTime = v => (v ? dateTime.format(new Date(v)) : '—');
export const fmtDate = v => (v ? dateOnly.format(new Date(v)) : '—');
/** Today in China as yyyy-MM-dd (what <input type=date> holds), whatever the browser's zone. */
export const todayInChina = (now = new Date()) => now.toLocaleDateString('sv-SE', { timeZone: 'Asia/Shanghai' });
export const status = s => (STATUS[s] ? `${STATUS[s]}` : s || '—');

/** "剩 3 天 4 小时" or "已超期 2 天", with the urgency the queue sorts by. */
export function timeLeft(due, now = Date.now()) {
  if (!due) return { text: '—', kind: '' };
  const ms = new Date(due).getTime() - now;
  const abs = Math.abs(ms);
  const days = Math.floor(abs / 86400000);
  const hours = Math.floor((abs % 86400000) / 3600000);
  const span = days > 0 ? `${days} 天 ${hours} 小时` : `${hours} 小时 ${Math.floor((abs % 3600000) / 60000)} 分`;
  if (ms < 0) return { text: `已超期 ${span}`, kind: 'bad' };
  if (ms < 3 * 86400000) return { text: `剩 ${span}（临期）`, kind: 'warn' };
  return { text: `剩 ${span}`, kind: 'ok' };
}

export function el(tag, attrs = {}, ...children) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === undefined || v === null || v === false) continue;
    if (k === 'class') e.className = v;
    else if (k === 'text') e.textContent = v;
    else if (k.startsWith('on')) e.addEventListener(k.slice(2), v);
    else e.setAttribute(k, v === true ? '' : v);
  }
  for (const c of children.flat()) {
    if (c === null || c === undefined || c === false) continue;
    e.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return e;
}

export function badge(text, kind = '') { return el('span', { class: `badge ${kind}`, text }); }
