// 档案与保管期限 (retention and archiving, issue 22): supervision's retention runs (GET/POST /retention/runs, GET
// /retention/runs/{id}) and a closed case's archive (GET /archives/{id}, its manifest). An admin starts a dry run (预演:
// lists what would be archived, changes nothing) or a real run, which archives each case past its retention period and
// then removes its personal data in every service; an auditor reads the runs and downloads archives. supervision
// decides again who may do what and records each download; this page shows the buttons a role may use.
import { session, ApiError, api, showProblem, showNotice } from './api.js';
import { staffPage } from './layout.js';
import { canRefresh, refresh, secondsLeft } from './oidc.js';
import { el, badge, fmtDate, fmtDateTime } from './format.js';

const claims = staffPage(['admin', 'auditor']);
const isAdmin = (claims.groups || []).includes('admin');
const $ = id => document.getElementById(id);
const message = $('retention-message');
/** How often a running run is read again. */
const POLL_MS = 2000;
const PAGE_SIZE = 50;
const STATE = {
  PENDING: ['待归档', ''], ARCHIVED: ['已归档', 'ok'], FAILED: ['失败', 'bad'], SKIPPED: ['跳过', 'warn'],
  WOULD_ARCHIVE: ['将归档', ''],
};

let shown = null; // { id, page, timer }

// ---- the admin's buttons: a dry run, and a real run behind a confirmation that says what it does
if (isAdmin) {
  const understood = el('input', { type: 'checkbox', id: 'retention-understood' });
  const dialogMessage = el('div', { id: 'retention-dialog-message', hidden: true });
  const dialog = el('dialog', { id: 'retention-confirm', 'aria-labelledby': 'retention-confirm-title', 'aria-describedby': 'retention-confirm-what' },
    el('form', { novalidate: true, onsubmit: (e) => { e.preventDefault(); startReal(); } },
      el('h2', { id: 'retention-confirm-title', text: '确认正式归档' }),
      el('div', { id: 'retention-confirm-what' },
        el('p', { text: '正式归档将对保管期限已届满的每一件已办结信访件：' }),
        el('ol', {},
          el('li', { text: '生成档案包（登记信息、材料、办理记录、答复意见），并校验完整；' }),
          el('li', { text: '归档成功后，在各服务中删除该件信访人的个人信息（姓名、身份证号、电话、地址、材料原件等），只保留档案；' }),
          el('li', { text: '归档失败的案件不删除任何信息，运行记录中列出失败原因。' })),
        el('p', {}, el('strong', { text: '个人信息删除后不可恢复。' }), '建议先预演，核对将被归档的案件。')),
      el('label', { class: 'check', for: 'retention-understood' }, understood, '我已了解：归档后各服务中的个人信息将被删除，不可恢复'),
      dialogMessage,
      el('div', { class: 'actions' },
        el('button', { type: 'submit', class: 'primary', id: 'retention-confirm-start' }, '开始正式归档'),
        el('button', { type: 'button', id: 'retention-confirm-cancel', onclick: () => dialog.close() }, '取消'))));
  const slot = $('retention-controls-slot');
  slot.replaceWith(el('section', { class: 'card', id: 'retention-controls', 'aria-labelledby': 'controls-title' },
    el('h2', { id: 'controls-title', text: '发起归档' }),
    el('p', { class: 'muted', text: '预演只列出保管期限已届满、将被归档的案件，不归档、不删除任何信息。' }),
    el('div', { class: 'actions' },
      el('button', { type: 'button', id: 'retention-dry-run', class: 'primary', onclick: () => start(true) }, '预演（不归档）'),
      el('button', { type: 'button', id: 'retention-start', onclick: () => {
        understood.checked = false;
        dialogMessage.hidden = true;
        dialog.showModal();
        understood.focus();
      } }, '正式归档…'))));
  document.body.append(dialog);

  async function startReal() {
    if (!understood.checked) { showNotice(dialogMessage, '请先勾选确认：归档后个人信息将被删除', 'bad'); understood.focus(); return; }
    dialog.close();
    await start(false);
  }
}

async function start(dryRun) {
  message.hidden = true;
  const buttons = document.querySelectorAll('#retention-controls button');
  buttons.forEach(b => { b.disabled = true; });
  try {
    const run = await api('supervision', '/retention/runs', { method: 'POST', body: { dryRun } });
    showNotice(message, dryRun ? '预演已开始：只列出将被归档的案件，不做任何改动。' : '正式归档已开始。');
    await loadRuns();
    if (run?.id) show(run.id);
  } catch (e) { showProblem(message, e); } finally {
    buttons.forEach(b => { b.disabled = false; });
  }
}

// ---- the runs, newest first as supervision lists them
async function loadRuns() {
  let runs;
  try {
    const answer = await api('supervision', '/retention/runs');
    runs = Array.isArray(answer) ? answer : (answer?.items || []);
  } catch (e) { showProblem(message, e); return; }
  $('retention-runs').replaceChildren(runs.length ? el('div', { class: 'table-wrap' }, el('table', { class: 'cards', id: 'runs' },
    el('thead', {}, el('tr', {}, ['开始时间', '类型', '发起人', '进度', '失败', '跳过', '状态', ''].map(h => el('th', { scope: 'col', text: h })))),
    el('tbody', {}, runs.map(r => el('tr', { 'data-run-id': r.id, 'data-dry-run': String(!!r.dryRun) },
      el('td', { 'data-label': '开始时间', text: fmtDateTime(r.startedAt) }),
      el('td', { 'data-label': '类型' }, r.dryRun ? badge('预演') : badge('正式归档', 'warn')),
      el('td', { 'data-label': '发起人', text: r.triggeredBy || '—' }),
      el('td', { 'data-label': '进度', text: `${processed(r)} / ${r.total ?? '—'}` }),
      el('td', { 'data-label': '失败', text: String(r.failed ?? 0) }),
      el('td', { 'data-label': '跳过', text: String(r.skipped ?? 0) }),
      el('td', { 'data-label': '状态' }, r.finishedAt ? badge('已完成', 'ok') : badge('进行中', 'warn')),
      el('td', {}, el('button', { type: 'button', id: `run-${r.id}`, onclick: () => show(r.id) }, '查看')))))))
    : el('p', { class: 'muted', id: 'runs-empty', text: '尚无归档运行。' }));
}

/**
 * A run as supervision's RetentionJob.Run has it (total, pending, archived, failed, skipped, wouldArchive), or in the
 * issue's shorter form (total, done, failed, skipped): done is what was archived (a dry run: what would be).
 */
function counts(r) {
  const total = r.total ?? 0;
  const done = r.done ?? (r.dryRun ? r.wouldArchive : r.archived) ?? 0;
  const failed = r.failed ?? 0;
  const skipped = r.skipped ?? 0;
  const processed = r.pending !== undefined && r.pending !== null ? Math.max(0, total - r.pending) : done + failed + skipped;
  return { total, done, failed, skipped, processed };
}
const processed = r => counts(r).processed;

// ---- one run: its progress (read again every 2 s while it runs) and its cases, page by page
function show(id, page = 0) {
  if (shown?.timer) clearTimeout(shown.timer);
  shown = { id, page, timer: null };
  $('retention-run').hidden = false;
  $('manifest').replaceChildren();
  $('archive-message').hidden = true;
  return read(shown);
}

async function read(current) {
  let run;
  try {
    run = await api('supervision', `/retention/runs/${encodeURIComponent(current.id)}`, { query: { page: current.page, size: PAGE_SIZE } });
  } catch (e) {
    if (current !== shown) return;
    showProblem($('run-summary'), e);
    return;
  }
  if (current !== shown) return; // another run was chosen meanwhile
  if (run && run.run) run = { ...run.run, items: run.items }; // supervision answers {run, page, size, items}
  const { total, done, failed, skipped } = counts(run);
  const running = !run.finishedAt;
  $('run-title').textContent = `${run.dryRun ? '预演' : '正式归档'} · ${fmtDateTime(run.startedAt)}`;
  $('retention-run').dataset.runId = run.id;
  $('retention-run').dataset.state = running ? 'running' : 'finished';
  $('run-summary').replaceChildren(
    el('progress', { id: 'run-progress', max: Math.max(total, 1), value: Math.min(processed(run), total), 'aria-label': '进度' }),
    el('p', { id: 'run-counts', text: `共 ${total} 件：${run.dryRun ? '将归档' : '已归档'} ${done} 件，失败 ${failed} 件，跳过 ${skipped} 件` }),
    el('p', { id: 'run-state', class: 'muted', text: running ? `进行中（每 ${POLL_MS / 1000} 秒刷新）…` : `已完成于 ${fmtDateTime(run.finishedAt)}；发起人 ${run.triggeredBy || '—'}` }));
  items(run, current);
  if (running) {
    current.timer = setTimeout(() => read(current), POLL_MS);
  } else if (current.wasRunning) {
    loadRuns(); // the list's row says 已完成 too
  }
  current.wasRunning = running;
}

function items(run, current) {
  const list = run.items || [];
  const rows = list.map(i => {
    const [label, kind] = STATE[i.state] || [i.state || '—', ''];
    const archived = !run.dryRun && i.state === 'ARCHIVED';
    return el('tr', { 'data-petition-id': i.petitionId, 'data-tracking': i.trackingNumber, 'data-state': i.state },
      el('td', { 'data-label': '信访件编号', text: i.trackingNumber || i.petitionId }),
      el('td', { 'data-label': '办结日期', text: fmtDate(i.closedAt) }),
      el('td', { 'data-label': '保管期限', text: period(i) }),
      el('td', { 'data-label': '到期日', text: fmtDate(i.dueAt) }),
      el('td', { 'data-label': '状态' }, badge(run.dryRun && i.state === 'PENDING' ? '将归档' : label, kind)),
      el('td', { 'data-label': '原因', text: i.reason || '—' }),
      el('td', { 'data-label': '档案' }, archived ? [
        el('button', { type: 'button', id: `download-${i.petitionId}`, onclick: () => download(i) }, '下载档案'), ' ',
        el('button', { type: 'button', id: `manifest-${i.petitionId}`, onclick: () => manifest(i) }, '清单')] : '—'));
  });
  if (!rows.length) rows.push(el('tr', {}, el('td', { colspan: 7, class: 'muted', text: run.finishedAt ? '本次没有到期案件' : '尚无处理结果' })));
  const total = run.itemsTotal ?? run.total ?? list.length;
  const pages = Math.max(1, Math.ceil(total / PAGE_SIZE));
  $('run-items').replaceChildren(el('div', { class: 'table-wrap' }, el('table', { class: 'cards', id: 'run-items-table' },
    el('thead', {}, el('tr', {}, ['信访件编号', '办结日期', '保管期限', '到期日', '状态', '原因', '档案'].map(h => el('th', { scope: 'col', text: h })))),
    el('tbody', {}, rows))),
  pages > 1 ? el('div', { class: 'actions' },
    el('button', { type: 'button', disabled: current.page <= 0, onclick: () => show(current.id, current.page - 1) }, '上一页'),
    el('span', { class: 'muted', text: `第 ${current.page + 1} / ${pages} 页` }),
    el('button', { type: 'button', disabled: current.page + 1 >= pages, onclick: () => show(current.id, current.page + 1) }, '下一页')) : '');
}

/** The retention class and its period, e.g. "一般 · 10 年" (ISO 8601 P10Y from supervision's configuration). */
function period(i) {
  const years = /^P(\d+)Y$/.exec(i.retentionPeriod || '');
  const span = years ? `${years[1]} 年` : (i.retentionPeriod || '');
  return [i.retentionClass, span].filter(Boolean).join(' · ') || '—';
}

/** What the archive holds: its files (name, size, digest) as supervision's manifest lists them. */
async function manifest(item) {
  const box = $('manifest');
  try {
    const m = await api('supervision', `/archives/${encodeURIComponent(item.petitionId)}/manifest`);
    // supervision's manifest.json lists its entries (name, size, sha256); an older form called them files
    const files = Array.isArray(m?.entries) ? m.entries : Array.isArray(m?.files) ? m.files : null;
    box.replaceChildren(el('h3', { text: `档案清单 · ${item.trackingNumber || item.petitionId}` }), files
      ? el('table', { id: 'manifest-files' },
        el('thead', {}, el('tr', {}, ['文件', '大小（字节）', 'SHA-256'].map(h => el('th', { scope: 'col', text: h })))),
        el('tbody', {}, files.map(f => el('tr', {}, el('td', { text: f.name || f.path || '—' }), el('td', { text: String(f.size ?? '—') }),
          el('td', { text: f.sha256 || '—' })))))
      : el('pre', { id: 'manifest-raw', text: JSON.stringify(m, null, 2) }));
  } catch (e) { showProblem($('archive-message'), e); }
}

/**
 * The file's name: supervision's own when it gives one in Chinese (RFC 6266 filename*); else, since supervision names
 * the file by the case's id, the case's tracking number, which is what a person looks for.
 */
function fileName(disposition, item) {
  const star = /filename\*=UTF-8''([^;]+)/i.exec(disposition || '');
  if (star) { try { return decodeURIComponent(star[1]); } catch { /* fall through */ } }
  if (item.trackingNumber) return `信访档案-${item.trackingNumber}.zip`;
  const plain = /filename="([^"]+)"/i.exec(disposition || '');
  return plain ? plain[1] : `${item.petitionId}.zip`;
}

// A link cannot carry the bearer token: the archive is fetched (streamed through the console's ArchiveProxy) and saved.
async function download(item) {
  const note = $('archive-message');
  note.hidden = true;
  const button = $(`download-${item.petitionId}`);
  if (button) button.disabled = true;
  try {
    if (canRefresh() && (secondsLeft() ?? -1) < 30) await refresh();
    const response = await fetch(new URL(`/api/supervision/archives/${encodeURIComponent(item.petitionId)}`, location.origin),
      { headers: { Authorization: `Bearer ${session.token}`, Accept: 'application/zip, */*' } });
    if (!response.ok) {
      let problem = null;
      try { problem = await response.json(); } catch { /* not JSON */ }
      throw new ApiError(response.status, problem || { title: `HTTP ${response.status}` });
    }
    const blob = await response.blob();
    const a = el('a', { href: URL.createObjectURL(blob),
      download: fileName(response.headers.get('Content-Disposition'), item) });
    document.body.append(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(a.href), 10_000);
    const sha = response.headers.get('X-Archive-SHA256');
    showNotice(note, `已下载 ${item.trackingNumber || item.petitionId} 的档案（下载已留痕）${sha ? `；SHA-256 ${sha}` : ''}`);
  } catch (e) {
    showProblem(note, e instanceof ApiError ? e : new ApiError(0, { title: '下载失败', detail: String(e.message || e) }));
  } finally {
    if (button) button.disabled = false;
  }
}

// ---- 校验档案: an archive file sent to supervision (POST /archives/verification, application/zip; streamed by the
// console's ArchiveVerificationProxy), which checks every entry's SHA-256 against the manifest, recomputes the
// timeline's hash chain and each anchor's audit path, and answers entry by entry. The verdict is supervision's
// `verified`; the page names what differs.
const ENTRY = {
  OK: ['一致', 'ok'], MISMATCH: ['已被改动（SHA-256 与清单不符）', 'bad'], MISSING: ['缺失（清单中有，档案包中没有）', 'bad'],
  UNLISTED: ['清单外文件（档案包中多出）', 'bad'], UNREADABLE: ['无法读取（文件已损坏）', 'bad'],
};
const VERIFY_MAX = 30 * 1024 * 1024;

$('verify-form').addEventListener('submit', async (e) => {
  e.preventDefault();
  const note = $('verify-message');
  const input = $('verify-file');
  const button = $('verify-submit');
  note.hidden = true;
  $('verify-result').replaceChildren();
  const file = input.files[0];
  if (!file) { showNotice(note, '请先选择档案包（zip）', 'bad'); input.focus(); return; }
  if (file.size > VERIFY_MAX) { showNotice(note, `档案包过大：最多 30 MB（所选文件 ${(file.size / 1024 / 1024).toFixed(1)} MB）`, 'bad'); return; }
  button.disabled = true;
  showNotice(note, `正在校验 ${file.name}…`);
  try {
    if (canRefresh() && (secondsLeft() ?? -1) < 30) await refresh();
    let response;
    try {
      // always application/zip: a browser may call a zip application/x-zip-compressed, which supervision refuses
      response = await fetch(new URL('/api/supervision/archives/verification', location.origin), { method: 'POST', body: file,
        headers: { Authorization: `Bearer ${session.token}`, Accept: 'application/json', 'Content-Type': 'application/zip' } });
    } catch {
      throw new ApiError(0, { title: '网络错误', detail: '无法连接服务器，请检查网络后重试 (network error)' });
    }
    let body = null;
    try { body = await response.json(); } catch { /* not JSON */ }
    if (!response.ok) throw new ApiError(response.status, body || { title: `HTTP ${response.status}` });
    note.hidden = true;
    verdict(file.name, body || {});
  } catch (err) {
    showProblem(note, err instanceof ApiError ? err : new ApiError(0, { title: '校验失败', detail: String(err.message || err) }));
  } finally {
    button.disabled = false;
  }
});

function verdict(fileName, r) {
  const entries = Array.isArray(r.entries) ? r.entries : [];
  const anchors = Array.isArray(r.anchors) ? r.anchors : [];
  const changed = entries.filter(x => x.status !== 'OK');
  const badAnchors = anchors.filter(a => a.status !== 'OK');
  const timelineOk = r.timeline ? r.timeline.verified !== false : true;
  const intact = r.verified === true;
  const what = [];
  if (changed.length) what.push(`${changed.length} 个文件：${changed.map(x => `${x.name}（${(ENTRY[x.status] || [x.status])[0]}）`).join('、')}`);
  if (!timelineOk) what.push(`办理过程哈希链在第 ${r.timeline.brokenAtPosition ?? '—'} 条断开（${r.timeline.reason || '不符'}）`);
  if (badAnchors.length) what.push(`${badAnchors.length} 个锚定证明不符：${badAnchors.map(a => `${a.day} 第 ${a.position} 条`).join('、')}`);
  const head = el('div', { id: 'verify-verdict', class: `notice ${intact ? 'ok' : 'bad'}`, role: intact ? 'status' : 'alert',
    'data-verified': String(intact) },
    el('strong', { text: intact ? '完好' : '已被改动' }),
    intact ? `：${fileName} 的 ${entries.length} 个文件与清单一致，办理过程哈希链及锚定证明均核对无误。`
      : `：${what.length ? what.join('；') : '校验未通过'}。`);
  const facts = el('dl', { class: 'facts', id: 'verify-facts' },
    el('dt', { text: '信访件编号' }), el('dd', { text: r.trackingNumber || r.petitionId || '—' }),
    el('dt', { text: '档案编号' }), el('dd', { text: r.archiveId || '—' }),
    el('dt', { text: '档案包 SHA-256' }), el('dd', { text: r.sha256 || '—' }),
    el('dt', { text: '办理过程' }), el('dd', {}, r.timeline
      ? (timelineOk ? badge(`哈希链完整（${r.timeline.entries} 条）`, 'ok') : badge(`第 ${r.timeline.brokenAtPosition ?? '—'} 条起不符：${r.timeline.reason || ''}`, 'bad'))
      : '—'),
    el('dt', { text: '锚定证明' }), el('dd', { text: anchors.length ? `${anchors.length - badAnchors.length} / ${anchors.length} 一致` : '无' }));
  const table = el('div', { class: 'table-wrap' }, el('table', { class: 'cards', id: 'verify-entries' },
    el('thead', {}, el('tr', {}, ['文件', '结果', '清单中的 SHA-256', '实际 SHA-256'].map(h => el('th', { scope: 'col', text: h })))),
    el('tbody', {}, entries.map(x => {
      const [label, tone] = ENTRY[x.status] || [x.status || '—', 'bad'];
      return el('tr', { 'data-entry': x.name, 'data-status': x.status },
        el('td', { 'data-label': '文件', text: x.name }),
        el('td', { 'data-label': '结果' }, badge(label, tone)),
        el('td', { 'data-label': '清单中的 SHA-256', class: 'digest', text: x.expectedSha256 || '—' }),
        el('td', { 'data-label': '实际 SHA-256', class: 'digest', text: x.actualSha256 || '—' }));
    }))));
  $('verify-result').replaceChildren(head, facts, table);
}

loadRuns();
