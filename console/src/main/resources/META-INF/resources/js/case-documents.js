// 办理材料 (a case's documents, issue 21): evidence for a reply, the scanned written decision (答复意见书), other records,
// kept by supervision (GET/POST /cases/{id}/documents, GET /cases/{id}/documents/{documentId}). The file itself is the
// request body, sent by XMLHttpRequest so that its progress can be shown (fetch cannot report an upload's progress),
// streamed by the console (CaseDocumentProxy) and never read into this page; its name goes percent-encoded in
// X-File-Name. supervision decides everything again: who may see or attach, the kind of file by its bytes, the sizes,
// and the virus scan — a document is downloadable only once it is found clean.
import { ApiError, session, showProblem, showNotice } from './api.js';
import { canRefresh, refresh, secondsLeft } from './oidc.js';
import { el, badge, fmtDateTime, ROLE } from './format.js';

const ACCEPT = '.pdf,.jpg,.jpeg,.png,.tif,.tiff,application/pdf,image/jpeg,image/png,image/tiff';
export const KIND = { EVIDENCE: '证据材料', DECISION_SCAN: '答复意见书扫描件', OTHER: '其他' };
const SUPPORTS = {
  REPLIED: '书面答复', REVIEW_REPLIED: '复查意见', RE_REVIEW_REPLIED: '复核意见', FINAL: '复核意见（终结）', NOT_ACCEPTED: '不予受理告知',
};
export const STATE = { PENDING: ['待查毒', 'warn'], CLEAN: ['可下载', 'ok'], INFECTED: ['已隔离', 'bad'] };
/** supervision takes documents from these roles; an auditor reads only. */
const UPLOADERS = ['handler', 'clerk', 'supervisor', 'leader'];

function size(bytes) {
  if (bytes >= 1024 * 1024) return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
  if (bytes >= 1024) return `${Math.round(bytes / 1024)} KB`;
  return `${bytes} B`;
}

async function fresh() {
  if (canRefresh() && (secondsLeft() ?? -1) < 30) await refresh();
  return { Authorization: `Bearer ${session.token}` };
}

async function problemOf(response) {
  let problem = null;
  if ((response.headers.get('Content-Type') || '').includes('json')) {
    try { problem = await response.json(); } catch { /* not JSON after all */ }
  }
  return new ApiError(response.status, problem || { title: `HTTP ${response.status}` });
}

/** Puts the section into `container` for the case `petitionId` (a checked UUID) and the signed-in `roles`. */
export function caseDocuments(container, petitionId, roles) {
  const base = `/api/supervision/cases/${encodeURIComponent(petitionId)}/documents`;
  const mayUpload = roles.some(r => UPLOADERS.includes(r));
  const message = el('div', { id: 'documents-message', hidden: true });
  const list = el('div', { id: 'documents-list', 'aria-live': 'polite' });
  container.replaceChildren(
    el('h2', { id: 'documents-title', text: '办理材料' }),
    el('p', { class: 'explain', text: '证据材料、答复意见书扫描件等，由承办、登记、督办人员上传。每个文件均经病毒查杀：待查毒的暂不能下载，'
      + '发现病毒的已隔离、不能下载；查杀通过后方可下载（每次下载均留痕）。' }),
    mayUpload ? uploadForm() : '',
    message,
    list);
  container.hidden = false;

  function uploadForm() {
    const file = el('input', { type: 'file', id: 'document-file', accept: ACCEPT, required: true, 'aria-describedby': 'document-hint' });
    const kind = el('select', { id: 'document-kind', required: true },
      Object.entries(KIND).map(([value, label]) => el('option', { value, text: label })));
    const supports = el('select', { id: 'document-supports' }, el('option', { value: '', text: '不指定' }),
      Object.entries(SUPPORTS).map(([value, label]) => el('option', { value, text: label })));
    const progress = el('progress', { id: 'document-progress', max: 100, value: 0, hidden: true, 'aria-label': '上传进度' });
    const progressText = el('span', { id: 'document-progress-text', class: 'muted', 'aria-live': 'polite' });
    const button = el('button', { type: 'submit', class: 'primary', id: 'document-upload', text: '上传' });
    const form = el('form', { id: 'document-form', novalidate: true, onsubmit: async (e) => {
      e.preventDefault();
      message.hidden = true;
      if (!file.files.length) { showNotice(message, '请先选择文件', 'bad'); file.focus(); return; }
      button.disabled = true;
      progress.hidden = false;
      try {
        const d = await upload(file.files[0], kind.value, supports.value, (sent, total) => {
          progress.value = total ? Math.round(sent * 100 / total) : 0;
          progressText.textContent = total ? `已上传 ${progress.value}%（${size(sent)} / ${size(total)}）` : '';
        });
        showNotice(message, d.state === 'INFECTED' ? `${d.fileName}：发现病毒，已隔离，不能下载`
          : d.state === 'PENDING' ? `${d.fileName}：已收到，等待病毒查杀（待查毒），稍后刷新` : `${d.fileName}：已上传，可下载`,
          d.state === 'INFECTED' ? 'bad' : 'ok');
        form.reset();
      } catch (err) {
        showProblem(message, err);
      } finally {
        button.disabled = false;
        progress.hidden = true;
        progressText.textContent = '';
        load().catch(err => showProblem(message, err));
      }
    } },
    el('div', { class: 'field' }, el('label', { for: 'document-file', text: '选择文件' }), file,
      el('small', { id: 'document-hint', class: 'muted', text: 'PDF、JPEG、PNG、TIFF，每个不超过 20 MB；照片中的拍摄位置等信息会被去除。' })),
    el('div', { class: 'field' }, el('label', { for: 'document-kind', text: '材料类别' }), kind),
    el('div', { class: 'field' }, el('label', { for: 'document-supports', text: '所附答复（可不指定）' }), supports),
    el('div', { class: 'actions' }, button, progress, progressText));
    return form;
  }

  /** The upload by XMLHttpRequest, whose upload.onprogress fetch lacks; supervision's problem on a refusal. */
  async function upload(file, kind, supports, onProgress) {
    const auth = await fresh();
    const url = new URL(base, location.origin);
    url.searchParams.set('kind', kind);
    if (supports) url.searchParams.set('supports', supports);
    return new Promise((resolve, reject) => {
      const xhr = new XMLHttpRequest();
      xhr.open('POST', url);
      xhr.setRequestHeader('Authorization', auth.Authorization);
      xhr.setRequestHeader('Accept', 'application/json');
      xhr.setRequestHeader('Content-Type', file.type || 'application/octet-stream');
      xhr.setRequestHeader('X-File-Name', encodeURIComponent(file.name));
      xhr.upload.onprogress = e => onProgress(e.loaded, e.lengthComputable ? e.total : file.size);
      xhr.onerror = () => reject(new ApiError(0, { title: '网络错误', detail: '无法连接服务器，请检查网络后重试 (network error)' }));
      xhr.onload = () => {
        let body = null;
        try { body = JSON.parse(xhr.responseText); } catch { /* not JSON */ }
        if (xhr.status >= 200 && xhr.status < 300 && body) resolve(body);
        else reject(new ApiError(xhr.status, body || { title: `HTTP ${xhr.status}` }));
      };
      xhr.send(file);
    });
  }

  // A link cannot carry the bearer token: the document is fetched (streamed through the console) and saved.
  async function download(d, button) {
    message.hidden = true;
    button.disabled = true;
    try {
      let response;
      try {
        response = await fetch(new URL(`${base}/${encodeURIComponent(d.documentId)}`, location.origin), { headers: await fresh() });
      } catch {
        throw new ApiError(0, { title: '网络错误', detail: '无法连接服务器，请检查网络后重试 (network error)' });
      }
      if (!response.ok) throw await problemOf(response);
      const url = URL.createObjectURL(await response.blob());
      const a = el('a', { href: url, download: d.fileName || 'document' });
      document.body.append(a);
      a.click();
      a.remove();
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
    } catch (err) {
      showProblem(message, err);
      if (err.status === 409) load().catch(() => {}); // pending or quarantined after all: show its state
    } finally {
      button.disabled = false;
    }
  }

  function row(d) {
    const [label, tone] = STATE[d.state] || [d.state || '—', ''];
    const who = [ROLE[d.uploadedByRole] || d.uploadedByRole, d.uploadedByUnit].filter(Boolean).join(' · ') || '—';
    let action = '—';
    if (d.state === 'CLEAN' && d.downloadable !== false) {
      const button = el('button', { type: 'button', id: `document-download-${d.documentId}`, text: '下载',
        'aria-label': `下载 ${d.fileName}`, onclick: () => download(d, button) });
      action = button;
    } else if (d.state === 'PENDING') {
      action = el('button', { type: 'button', id: `document-refresh-${d.documentId}`, text: '刷新',
        'aria-label': `刷新 ${d.fileName} 的查毒状态`, onclick: async () => {
          try {
            await load();
            // the focus stays on this document's row: its download button once clean, else its refresh again
            (document.getElementById(`document-download-${d.documentId}`)
              || document.getElementById(`document-refresh-${d.documentId}`))?.focus();
          } catch (err) { showProblem(message, err); }
        } });
    }
    return el('tr', { 'data-document-id': d.documentId, 'data-state': d.state, 'data-kind': d.kind },
      el('td', { 'data-label': '文件名', class: 'name', text: d.fileName || '—' }),
      el('td', { 'data-label': '类别', text: (KIND[d.kind] || d.kind) + (d.supports ? `（${SUPPORTS[d.supports] || d.supports}）` : '') }),
      el('td', { 'data-label': '大小', text: size(d.sizeBytes ?? 0) }),
      el('td', { 'data-label': '上传人', text: who }),
      el('td', { 'data-label': '上传时间' }, el('time', { datetime: d.uploadedAt, text: fmtDateTime(d.uploadedAt) })),
      el('td', { 'data-label': '状态' }, badge(label, tone), d.state === 'INFECTED' && d.signature
        ? el('div', { class: 'muted', text: `发现：${d.signature}` }) : ''),
      el('td', { 'data-label': '操作' }, action));
  }

  async function load() {
    let response;
    try {
      response = await fetch(new URL(base, location.origin), { headers: { Accept: 'application/json', ...(await fresh()) } });
    } catch {
      throw new ApiError(0, { title: '网络错误', detail: '无法连接服务器，请检查网络后重试 (network error)' });
    }
    if (!response.ok) throw await problemOf(response);
    const documents = await response.json();
    list.replaceChildren(documents.length ? el('div', { class: 'table-wrap' }, el('table', { class: 'cards', id: 'documents' },
      el('caption', { class: 'muted', text: `共 ${documents.length} 件` }),
      el('thead', {}, el('tr', {}, ['文件名', '类别', '大小', '上传人', '上传时间（北京时间）', '状态', '操作'].map(h => el('th', { scope: 'col', text: h })))),
      el('tbody', {}, documents.map(row))))
      : el('p', { class: 'muted', id: 'documents-empty', text: '尚无办理材料。' }));
    return documents;
  }

  load().catch(err => showProblem(message, err));
  return { refresh: load };
}
