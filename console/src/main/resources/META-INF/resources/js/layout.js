import { session } from './api.js';
import { signOut } from './oidc.js';
import { el, ROLE } from './format.js';
import { province } from './config.js';

const STAFF_PAGES = [
  { href: '/desk.html', label: '接访登记台', roles: ['clerk'] },
  { href: '/queue.html', label: '我的待办', roles: ['handler'] },
  { href: '/ledger.html', label: '台账督办', roles: ['supervisor', 'leader'] },
  { href: '/call-backs.html', label: '回访', roles: ['supervisor', 'clerk'] },
  { href: '/stats.html', label: '统计分析', roles: ['supervisor', 'leader', 'auditor', 'admin'] },
  { href: '/search.html', label: '检索', roles: ['clerk', 'supervisor', 'leader', 'auditor'] },
  { href: '/retention.html', label: '档案与保管期限', roles: ['admin', 'auditor'] },
];
const PUBLIC_PAGES = [
  { href: '/public/index.html', label: '公开接访公示' },
  { href: '/public/petition.html', label: '网上信访' },
  { href: '/public/status.html', label: '查询进度' },
];

/** Staff pages: header with what the role may use; no token → sign-in. Returns the claims. */
export function staffPage(allowedRoles) {
  const claims = session.claims;
  if (!claims) {
    location.replace(`/sign-in.html?next=${encodeURIComponent(location.pathname + location.search)}`);
    throw new Error('not signed in');
  }
  const groups = claims.groups || [];
  const nav = el('nav', { 'aria-label': '主导航' },
    STAFF_PAGES.filter(p => p.roles.some(r => groups.includes(r)))
      .map(p => el('a', { href: p.href, 'aria-current': location.pathname === p.href ? 'page' : null, text: p.label })));
  const scope = claims.unit ? ` · 单位 ${claims.unit}` : claims.jurisdiction ? ` · 辖区 ${claims.jurisdiction}` : '';
  const who = el('div', { class: 'who' },
    el('span', { id: 'who', text: `${groups.map(g => ROLE[g] || g).join('/')} ${claims.sub}${scope}` }),
    el('button', { type: 'button', id: 'sign-out', onclick: () => { signOut(); } }, '退出'));
  header(nav, quickSearch(groups), who);
  if (allowedRoles && !allowedRoles.some(r => groups.includes(r))) {
    const main = document.querySelector('main');
    main.replaceChildren(el('div', { class: 'notice warn', role: 'alert' },
      `此页面供${allowedRoles.map(r => ROLE[r]).join('、')}使用；您当前的角色无权访问。`));
    throw new Error('role not allowed');
  }
  return claims;
}

/** The roles search (检索) answers: every staff view of theirs carries its box. */
const SEARCH_ROLES = STAFF_PAGES.find(p => p.href === '/search.html').roles;

/**
 * A search box in the header of every staff view whose role may search: the words (or a tracking number) go to
 * the search page, which runs them with its filters; no box for a role search would refuse.
 */
function quickSearch(groups) {
  if (!SEARCH_ROLES.some(r => groups.includes(r))) return null;
  const current = location.pathname === '/search.html' ? (new URLSearchParams(location.search).get('q') || '') : '';
  return el('form', { class: 'quick-search', role: 'search', action: '/search.html', method: 'get', id: 'quick-search' },
    el('input', { type: 'search', name: 'q', maxlength: '100', required: '', value: current.slice(0, 100),
      'aria-label': '检索信访件：文字或信访编号', placeholder: '检索：文字或信访编号' }),
    el('button', { type: 'submit', text: '检索' }));
}

export function publicPage() {
  header(el('nav', { 'aria-label': '主导航' },
    PUBLIC_PAGES.map(p => el('a', { href: p.href, 'aria-current': location.pathname === p.href ? 'page' : null, text: p.label }))),
  el('div', { class: 'who' }, el('a', { href: '/sign-in.html', class: 'button', text: '工作人员登录' })));
}

/** The console's name: the province it serves (GET /config.json), e.g. 安徽省信访; plain 信访 without one. */
export async function brand() {
  const p = await province();
  return p ? `${p.name}信访` : '信访';
}

function header(nav, ...right) {
  const h = el('header', { class: 'top no-print' },
    el('a', { href: '#main', class: 'skip', text: '跳到正文' }),
    el('a', { class: 'brand', href: '/', 'data-brand': '' }, '信访'), nav, ...right.filter(Boolean));
  document.body.prepend(h);
  // the pages are the same for every province: the name comes from the console's configuration
  brand().then(name => {
    document.querySelectorAll('[data-brand]').forEach(e => { e.textContent = name; });
    document.title = document.title.replace(/(^|· )信访( ·|$)/, `$1${name}$2`);
  });
}
