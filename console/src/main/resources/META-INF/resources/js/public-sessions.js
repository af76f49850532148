import { api, showProblem } from './api.js';
import { publicPage } from './layout.js';
import { el } from './format.js';

publicPage();
const LEVEL = { PROVINCE: '省级', CITY: '市级', COUNTY: '县级', TOWNSHIP: '乡镇' };
async function load() {
  const county = document.getElementById('county').value.trim();
  try {
    const sessions = await api('intake', '/public/reception-sessions', { anonymous: true, query: { county } });
    document.getElementById('message').hidden = true;
    document.getElementById('sessions').replaceChildren(...(sessions.length ? sessions.map(s => el('article', { class: 'card' },
      el('h2', { text: `${s.date} ${s.leaderTitle}${s.leaderName} 公开接访` }),
      el('dl', { class: 'facts' },
        el('dt', { text: '时间' }), el('dd', { text: `${s.date} ${s.startsAt.slice(0, 5)}–${s.endsAt.slice(0, 5)}` }),
        el('dt', { text: '地点' }), el('dd', { text: `${s.countyName || s.countyCode} · ${s.venue}` }),
        el('dt', { text: '层级' }), el('dd', { text: LEVEL[s.level] || s.level }),
        el('dt', { text: '联合接谈组' }), el('dd', { text: `${s.desks.length} 个：${s.desks.map(d => d.name).join('、')}` })))) :
      [el('p', { class: 'card muted', text: '近期没有已公示的公开接访。' })]));
  } catch (e) { showProblem(document.getElementById('message'), e); }
}
document.getElementById('filter').addEventListener('submit', (e) => { e.preventDefault(); load(); });
load();
