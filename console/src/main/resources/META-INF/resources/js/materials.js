// Materials (材料) of a petition: attach files and see whether the virus scan found them clean. The file itself is
// the request body (streamed by the browser and the console, never read into this page), its name percent-encoded in
// X-File-Name. Staff are authorised by their token; the petitioner by the tracking number and the query code, which
// travels in the X-Query-Code header, never in the URL. intake decides everything: kinds by content, sizes, scope.
import { ApiError, session, showProblem, showNotice } from './api.js';
import { el, fmtDateTime } from './format.js';

const ACCEPT = '.pdf,.jpg,.jpeg,.png,.tif,.tiff,application/pdf,image/jpeg,image/png,image/tiff';
const STATE_CLASS = { CLEAN: 'ok', INFECTED: 'bad', PENDING: 'warn' };

async function problemOf(response) {
  let problem = null;
  if ((response.headers.get('Content-Type') || '').includes('json')) {
    try { problem = await response.json(); } catch { /* not JSON after all */ }
  }
  return new ApiError(response.status, problem || { title: `HTTP ${response.status}` });
}

async function send(url, options) {
  let response;
  try {
    response = await fetch(url, options);
  } catch {
    throw new ApiError(0, { title: '网络错误', detail: '无法连接服务器，请检查网络后重试 (network error)' });
  }
  if (!response.ok) throw await problemOf(response);
  return response;
}

function size(bytes) {
  if (bytes >= 1024 * 1024) return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
  if (bytes >= 1024) return `${Math.round(bytes / 1024)} KB`;
  return `${bytes} B`;
}

/**
 * Puts the materials block into `container`. `owner` is { petitionId } for staff, or
 * { credentials: () => ({ trackingNumber, queryCode }) } for the petitioner's own page.
 */
export function materialsSection(container, owner) {
  const staff = Boolean(owner.petitionId);
  const base = staff ? `/api/intake/petitions/${encodeURIComponent(owner.petitionId)}/materials`
    : `/api/intake/public/petitions/${encodeURIComponent(owner.credentials().trackingNumber)}/materials`;
  const headers = () => staff ? { Authorization: `Bearer ${session.token}` } : { 'X-Query-Code': owner.credentials().queryCode };

  const input = el('input', { type: 'file', id: 'material-file', accept: ACCEPT, multiple: true });
  const button = el('button', { type: 'button', id: 'material-upload', text: '上传材料' });
  const message = el('div', { id: 'material-message', hidden: true });
  const list = el('ul', { id: 'material-list', class: 'materials', 'aria-live': 'polite' });
  container.replaceChildren(
    el('h3', { text: '材料（来信扫描件、信封、照片、证明文件）' }),
    el('p', { class: 'explain', text: '可上传 PDF、JPEG、PNG、TIFF 文件，每个不超过 20 MB。每个文件均经病毒查杀，查杀通过后方可查阅；照片中的拍摄位置等信息会被去除。' }),
    el('div', { class: 'field' }, el('label', { for: 'material-file', text: '选择文件' }), input),
    el('div', { class: 'actions' }, button),
    message,
    list);
  container.hidden = false;

  async function download(m) {
    try {
      const response = await send(`${base}/${encodeURIComponent(m.materialId)}`, { headers: headers() });
      const url = URL.createObjectURL(await response.blob());
      const a = el('a', { href: url, download: m.fileName });
      document.body.append(a);
      a.click();
      a.remove();
      setTimeout(() => URL.revokeObjectURL(url), 10000);
    } catch (err) { showProblem(message, err); }
  }

  function item(m) {
    return el('li', { 'data-state': m.state, 'data-material-id': m.materialId },
      el('span', { class: 'name', text: m.fileName }), ' ',
      el('span', { class: 'muted', text: `${size(m.sizeBytes)} · ${fmtDateTime(m.uploadedAt)}` }), ' ',
      el('span', { class: `badge ${STATE_CLASS[m.state] || ''}`, text: m.stateText || m.state }), ' ',
      staff && m.downloadable ? el('button', { type: 'button', text: '下载', onclick: () => download(m) }) : null);
  }

  async function refresh() {
    const response = await send(base, { headers: { Accept: 'application/json', ...headers() } });
    const materials = await response.json();
    list.replaceChildren(...(materials.length ? materials.map(item) : [el('li', { class: 'muted', text: '尚无材料' })]));
    return materials;
  }

  button.addEventListener('click', async () => {
    message.hidden = true;
    const files = [...input.files];
    if (!files.length) { showNotice(message, '请先选择文件', 'bad'); return; }
    button.disabled = true;
    const said = [];
    try {
      for (const file of files) {
        const response = await send(base, {
          method: 'POST',
          headers: { ...headers(), 'Content-Type': file.type || 'application/octet-stream', 'X-File-Name': encodeURIComponent(file.name) },
          body: file,
        });
        const m = await response.json();
        said.push(m.state === 'INFECTED' ? `${m.fileName}：发现病毒，已隔离，不能查阅`
          : m.state === 'PENDING' ? `${m.fileName}：已收到，等待病毒查杀` : `${m.fileName}：已上传`);
      }
      showNotice(message, said.join('；'), said.some(s => s.includes('病毒，')) ? 'bad' : 'ok');
      input.value = '';
    } catch (err) {
      if (said.length) showNotice(message, said.join('；'), 'ok');
      showProblem(message, err);
    } finally {
      button.disabled = false;
      try { await refresh(); } catch (err) { showProblem(message, err); }
    }
  });

  refresh().catch(err => showProblem(message, err));
  return { refresh };
}
