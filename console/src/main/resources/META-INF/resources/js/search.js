// 信访件检索: intake's GET /petitions/search. Only what the caller may open comes back (the service decides); the
// highlights arrive as text fragments and become text nodes in <mark>: nothing of a petition is parsed as HTML.
import { api, showProblem } from './api.js';
import { staffPage } from './layout.js';
import { pager } from './cases.js';
import { loadCategories } from './places.js';
import { el, CHANNEL, fmtDateTime } from './format.js';

const claims = staffPage(['clerk', 'supervisor', 'leader', 'auditor']);
document.getElementById('scope').textContent = claims.jurisdiction ? `辖区 ${claims.jurisdiction} 及下级` : '';
const form = document.getElementById('search');
const message = document.getElementById('message');
const results = document.getElementById('results');
const categories = await loadCategories(form.category, { any: true }).catch(() => []);
const categoryName = code => categories.find(c => c.code === code)?.nameZh || code;

const marked = fragments => (fragments || []).map(f => (f.hit ? el('mark', { text: f.text }) : document.createTextNode(f.text)));

async function load(page = 0) {
  const query = { page, size: 20 };
  for (const k of ['q', 'category', 'channel', 'location', 'from', 'to']) query[k] = form[k].value.trim();
  if (/^XF\d{8,20}$/i.test(query.q)) query.q = query.q.toUpperCase();
  if (!query.q) { form.q.focus(); return; }
  try {
    const r = await api('intake', '/petitions/search', { query });
    message.hidden = true;
    const items = r.items.map(p => el('article', { class: 'hit' },
      el('h2', {}, el('a', { href: `/case.html?id=${p.petitionId}`, text: p.trackingNumber }), ' ',
        el('span', { class: 'muted', text: `${CHANNEL[p.channel] || p.channel} · ${categoryName(p.categoryCode)} · ${p.locationCode} · ${fmtDateTime(p.registeredAt)}` })),
      el('p', {}, ...marked(p.summary)),
      p.excerpt?.length ? el('p', { class: 'muted' }, ...marked(p.excerpt)) : null));
    results.replaceChildren(
      ...(items.length ? items : [el('p', { class: 'muted', text: '没有找到您有权查看的信访件。' })]),
      r.truncated ? el('div', { class: 'notice warn', text: '匹配过多，仅统计前 2000 件，请增加关键词或筛选条件。' }) : null,
      pager(r.page, r.size, r.total, load));
  } catch (e) { showProblem(message, e); }
}
form.addEventListener('submit', (e) => { e.preventDefault(); load(); });
const initial = new URLSearchParams(location.search).get('q');
if (initial) { form.q.value = initial.slice(0, 100); load(); }
