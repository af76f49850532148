// 信访件检索: intake's GET /petitions/search. Only what the caller may open comes back (the service decides); the
// highlights arrive as text fragments and become text nodes in <mark>: nothing of a petition is parsed as HTML.
import { api, showProblem } from './api.js';
import { staffPage } from './layout.js';
import { pager } from './cases.js';
import { loadCategories } from './places.js';
import { field, checkAll } from './validate.js';
import { el, badge, CHANNEL, STATUS, status, fmtDateTime } from './format.js';

const claims = staffPage(['clerk', 'supervisor', 'leader', 'auditor']);
document.getElementById('scope').textContent = claims.jurisdiction ? `辖区 ${claims.jurisdiction} 及下级` : '';
const form = document.getElementById('search');
const message = document.getElementById('message');
const results = document.getElementById('results');
const categories = await loadCategories(form.category, { any: true }).catch(() => []);
const categoryName = code => categories.find(c => c.code === code)?.nameZh || code;
// case.status-changed's states, in the contract's order, by the names the ledger and the case page use
form.state.append(...Object.entries(STATUS).map(([value, text]) => el('option', { value, text })));

// intake's unit code (the contract's unitCode); typed in lower case it is still the same unit
const UNIT_CODE = /^[A-Z0-9][A-Z0-9-]{1,63}$/;
const unitCode = v => v.trim().toUpperCase();
const unitRule = v => (!v.trim() || UNIT_CODE.test(unitCode(v)) ? null : '单位代码为区划代码加部门代码，如 341302-RSJ');
const checks = [field(form.unit, unitRule), field(form.accused, unitRule)];

const marked = fragments => (fragments || []).map(f => (f.hit ? el('mark', { text: f.text }) : document.createTextNode(f.text)));

async function load(page = 0) {
  if (!checkAll(checks)) return;
  const query = { page, size: 20 };
  for (const k of ['q', 'category', 'channel', 'location', 'from', 'to', 'state']) query[k] = form[k].value.trim();
  for (const k of ['unit', 'accused']) query[k] = unitCode(form[k].value);
  if (/^XF\d{8,20}$/i.test(query.q)) query.q = query.q.toUpperCase();
  // intake needs words, a unit, a state or an accused unit; the other filters only narrow them
  if (!query.q && !query.unit && !query.state && !query.accused) { form.q.focus(); return; }
  try {
    const r = await api('intake', '/petitions/search', { query });
    message.hidden = true;
    const items = r.items.map(p => el('article', { class: 'hit', 'data-tracking': p.trackingNumber },
      el('h2', {}, el('a', { href: `/case.html?id=${p.petitionId}`, text: p.trackingNumber }), ' ',
        // the category's and the place's names, with what a word of the query matched in them marked (intake's
        // categoryName and placeName fragments), else the category's name and the place's code
        el('span', { class: 'muted' }, `${CHANNEL[p.channel] || p.channel} · `,
          el('span', { class: 'category' }, ...(p.categoryName?.length ? marked(p.categoryName) : [categoryName(p.categoryCode)])), ' · ',
          el('span', { class: 'place' }, ...(p.placeName?.length ? marked(p.placeName) : [p.locationCode])),
          ` · ${fmtDateTime(p.registeredAt)}`)),
      // as search last heard from routing and supervision: null until the first event arrives
      el('p', { class: 'case-state' }, '状态 ', p.state ? badge(status(p.state)) : '—', ' · 责任单位 ',
        el('span', { class: 'unit', text: p.unitCode || '—' })),
      el('p', {}, ...marked(p.summary)),
      p.excerpt?.length ? el('p', { class: 'muted' }, ...marked(p.excerpt)) : null));
    // replaceChildren writes a null as the text "null": only what there is
    results.replaceChildren(...[
      ...(items.length ? items : [el('p', { class: 'muted', text: '没有找到您有权查看的信访件。' })]),
      r.truncated ? el('div', { class: 'notice warn', text: '匹配过多，仅列出最近的 500 件，请增加关键词或筛选条件。' }) : null,
      pager(r.page, r.size, r.total, load)].filter(Boolean));
  } catch (e) { showProblem(message, e); }
}
form.addEventListener('submit', (e) => { e.preventDefault(); load(); });
// a link may carry the words or a filter (search.html?unit=341302-RSJ&state=ACCEPTED)
const initial = new URLSearchParams(location.search);
if (initial.get('q')) form.q.value = initial.get('q').slice(0, 100);
for (const k of ['unit', 'accused']) if (initial.get(k)) form[k].value = initial.get(k).slice(0, 64);
if (STATUS[initial.get('state')]) form.state.value = initial.get('state');
if (form.q.value || form.unit.value || form.accused.value || form.state.value) load();
