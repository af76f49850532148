import { api, showProblem } from './api.js';
import { staffPage } from './layout.js';
import { caseTable, pager } from './cases.js';
staffPage(['handler']);
const categories = await api('intake', '/categories', { anonymous: true }).catch(() => []);
async function load(page = 0) {
  try {
    const q = await api('supervision', '/cases/queue', { query: { page, size: 50 } });
    document.getElementById('list').replaceChildren(caseTable(q.items, categories), pager(q.page, q.size, q.total, load));
    document.getElementById('updated').textContent = `更新于 ${new Date().toLocaleTimeString('zh-CN', { timeZone: 'Asia/Shanghai' })}`;
  } catch (e) { showProblem(document.getElementById('message'), e); }
}
document.getElementById('refresh').addEventListener('click', () => load());
load();
