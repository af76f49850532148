// One origin: every call goes to /api/<service>/..., the console forwards it with the bearer token.
import { TOKEN_KEY, canRefresh, refresh, secondsLeft } from './oidc.js';

export class ApiError extends Error {
  constructor(status, problem) {
    super(problem?.detail || problem?.title || `HTTP ${status}`);
    this.status = status;
    this.problem = problem || {};
  }
}

export const session = {
  get token() { return sessionStorage.getItem(TOKEN_KEY); },
  set token(value) { value ? sessionStorage.setItem(TOKEN_KEY, value) : sessionStorage.removeItem(TOKEN_KEY); },
  /** The token's claims, for showing the right pages; the services check them again on every call. */
  get claims() {
    const t = this.token;
    if (!t) return null;
    try {
      const json = decodeURIComponent(escape(atob(t.split('.')[1].replace(/-/g, '+').replace(/_/g, '/'))));
      const claims = JSON.parse(json);
      if (claims.exp && claims.exp * 1000 < Date.now()) { this.token = null; return null; }
      return claims;
    } catch { return null; }
  },
  has(role) { return (this.claims?.groups || []).includes(role); },
  signOut() { this.token = null; },
};

export function idempotencyKey() {
  if (crypto.randomUUID) return crypto.randomUUID();
  const b = crypto.getRandomValues(new Uint8Array(16));
  return [...b].map(x => x.toString(16).padStart(2, '0')).join('');
}

/** api('supervision', '/cases/queue', {query: {...}}) → parsed JSON (or null for 204); throws ApiError. */
export async function api(service, path, { method = 'GET', body, query, headers = {}, anonymous = false, accept } = {}) {
  const url = new URL(`/api/${service}${path}`, location.origin);
  for (const [k, v] of Object.entries(query || {})) {
    if (v !== undefined && v !== null && v !== '') url.searchParams.set(k, v);
  }
  // signed in through the identity provider: a token about to expire is renewed first, and a 401 once
  if (!anonymous && canRefresh() && (secondsLeft() ?? -1) < 30) await refresh();
  const send = async () => {
    const h = { Accept: accept || 'application/json', ...headers };
    if (!anonymous && session.token) h.Authorization = `Bearer ${session.token}`;
    if (body !== undefined) h['Content-Type'] = 'application/json';
    try {
      return await fetch(url, { method, headers: h, body: body === undefined ? undefined : JSON.stringify(body) });
    } catch (e) {
      throw new ApiError(0, { title: '网络错误', detail: '无法连接服务器，请检查网络后重试 (network error)' });
    }
  };
  let response = await send();
  if (response.status === 401 && !anonymous && canRefresh() && await refresh()) response = await send();
  const type = response.headers.get('Content-Type') || '';
  if (!response.ok) {
    let problem = null;
    if (type.includes('json')) { try { problem = await response.json(); } catch { /* not JSON after all */ } }
    if (!problem) problem = { title: `HTTP ${response.status}`, detail: describeStatus(response.status) };
    throw new ApiError(response.status, problem);
  }
  if (response.status === 204) return null;
  if (type.includes('json')) return response.json();
  return response.text();
}

function describeStatus(status) {
  return {
    401: '请先登录，或登录已过期 (sign in again)',
    403: '您的角色无权进行此操作 (not allowed for your role)',
    404: '未找到 (not found)',
    409: '当前状态不允许此操作 (not allowed in the current state)',
  }[status] || '请求失败 (request failed)';
}

/** Renders an error (problem+json: title, detail, violations) into a notice element. */
export function showProblem(el, error) {
  el.className = 'notice bad';
  el.replaceChildren();
  const strong = document.createElement('strong');
  strong.textContent = error.problem?.title || '出错了';
  el.append(strong);
  if (error.problem?.detail || error.message) {
    el.append(document.createTextNode('：' + (error.problem?.detail || error.message)));
  }
  const violations = error.problem?.violations || [];
  if (violations.length) {
    const ul = document.createElement('ul');
    for (const v of violations) {
      const li = document.createElement('li');
      li.textContent = `${v.field}: ${v.message}`;
      ul.append(li);
    }
    el.append(ul);
  }
  el.hidden = false;
  el.setAttribute('role', 'alert');
}

export function showNotice(el, text, kind = 'ok') {
  el.className = `notice ${kind}`;
  el.textContent = text;
  el.hidden = false;
  el.setAttribute('role', kind === 'bad' ? 'alert' : 'status');
}
