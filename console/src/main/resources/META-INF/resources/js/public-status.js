import { api, showProblem, showNotice } from './api.js';
import { publicPage } from './layout.js';
import { el, fmtDateTime, fmtDate } from './format.js';
import { rules, field, checkAll } from './validate.js';
import { materialsSection } from './materials.js';

publicPage();
const $ = (id) => document.getElementById(id);
const checks = [field($('tracking'), rules.required, rules.tracking), field($('code'), rules.required, rules.queryCode)];
// the code stays in this page's memory only: never in the URL (the lookup is a POST for the same reason)
const credentials = () => ({ trackingNumber: $('tracking').value.trim().toUpperCase(), queryCode: $('code').value.trim() });
const EVALUABLE = ['REPLIED', 'REVIEW_REPLIED', 'RE_REVIEW_REPLIED', 'FINAL'];

function show(s) {
  const p = s.progress || {};
  $('result').hidden = false;
  $('result-status').textContent = p.statusText || s.statusText || s.status;
  $('result-status').dataset.status = s.status;
  $('result-facts').replaceChildren(...[
    el('dt', { text: '信访件编号' }), el('dd', { text: s.trackingNumber }),
    el('dt', { text: '登记时间' }), el('dd', { text: fmtDateTime(s.registeredAt) }),
    p.dueAt ? el('dt', { text: '办理期限' }) : null, p.dueAt ? el('dd', { text: fmtDate(p.dueAt) }) : null,
    p.satisfied !== undefined && p.satisfied !== null ? el('dt', { text: '您的评价' }) : null,
    p.satisfied !== undefined && p.satisfied !== null ? el('dd', { id: 'evaluation', text: p.satisfied ? '满意' : '不满意' }) : null]
    .filter(Boolean));
  $('reply-box').hidden = !p.reply;
  $('reply').textContent = p.reply || '';
  $('steps').replaceChildren(...(p.steps || []).map(step => el('li', {}, el('time', { datetime: step.at, text: fmtDateTime(step.at) }), step.text)));
  $('evaluate').hidden = !EVALUABLE.includes(s.status) || (p.satisfied !== null && p.satisfied !== undefined);
  const until = p.reviewPossibleUntil ? new Date(p.reviewPossibleUntil) : null;
  $('review').hidden = !(until && until > new Date() && s.status !== 'FINAL');
  $('review-window').textContent = until ? `对答复不服的，可在 ${fmtDate(until)} 前向上一级申请${s.status === 'REVIEW_REPLIED' ? '复核（复核意见为终结）' : '复查'}。` : '';
}

async function lookUp() {
  const s = await api('intake', '/public/status-lookups', { anonymous: true, method: 'POST', body: credentials() });
  show(s);
  // the petitioner adds materials to their own petition with the same tracking number and query code
  if ($('materials').dataset.tracking !== s.trackingNumber) {
    $('materials').dataset.tracking = s.trackingNumber;
    materialsSection($('materials'), { credentials });
  }
}

$('lookup').addEventListener('submit', async (e) => {
  e.preventDefault();
  $('message').hidden = true;
  if (!checkAll(checks)) return;
  try { await lookUp(); } catch (err) {
    $('result').hidden = true; $('evaluate').hidden = true; $('review').hidden = true; $('materials').hidden = true;
    delete $('materials').dataset.tracking;
    if (err.status === 404) showNotice($('message'), '编号或查询码不正确，请核对后再试。', 'bad'); else showProblem($('message'), err);
  }
});

$('evaluate').addEventListener('submit', async (e) => {
  e.preventDefault();
  const choice = document.querySelector('input[name=satisfied]:checked');
  if (!choice) { showNotice($('evaluate-message'), '请选择满意或不满意', 'bad'); return; }
  try {
    await api('intake', '/public/evaluations', { anonymous: true, method: 'POST', body: { ...credentials(), satisfied: choice.value === 'true', comment: $('comment').value.trim() || undefined } });
    showNotice($('evaluate-message'), '感谢您的评价，已记录。', 'ok');
    await lookUp();
  } catch (err) { showProblem($('evaluate-message'), err); }
});

$('review').addEventListener('submit', async (e) => {
  e.preventDefault();
  const reason = $('review-reason').value.trim();
  if (!reason) { showNotice($('review-message'), '请填写理由', 'bad'); return; }
  try {
    await api('intake', '/public/review-requests', { anonymous: true, method: 'POST', body: { ...credentials(), reason } });
    showNotice($('review-message'), '申请已提交，将由上一级机关办理。', 'ok');
    await lookUp();
  } catch (err) { showProblem($('review-message'), err); }
});
