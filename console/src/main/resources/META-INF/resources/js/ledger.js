import { api, showProblem } from './api.js';
import { staffPage } from './layout.js';
import { caseTable, pager } from './cases.js';
import { loadCategories } from './places.js';
import { province } from './config.js';
const claims = staffPage(['supervisor', 'leader']);
document.getElementById('scope').textContent = `辖区 ${claims.jurisdiction || (await province())?.code || ''} 及下级`;
const form = document.getElementById('filters');
const categories = await loadCategories(form.category, { any: true }).catch(() => []);
async function load(page = 0) {
  const query = { page, size: 50 };
  for (const k of ['status', 'level', 'category', 'overdue', 'repeat', 'leaderReceived', 'urgency', 'sort']) query[k] = form[k].value;
  try {
    const q = await api('supervision', '/cases/queue', { query });
    document.getElementById('message').hidden = true;
    document.getElementById('list').replaceChildren(caseTable(q.items, categories), pager(q.page, q.size, q.total, load));
  } catch (e) { showProblem(document.getElementById('message'), e); }
}
form.addEventListener('submit', (e) => { e.preventDefault(); load(); });
load();
