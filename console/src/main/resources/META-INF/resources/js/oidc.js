// Staff sign-in through the identity provider (Keycloak, realm "petitions"): OpenID Connect's authorization-code
// flow with PKCE (S256), run by the browser against the realm's public client. No library, no secret: the console
// tells the page where the provider is (GET /config.json), the provider's discovery document tells the rest.
// The access token goes where the dev sign-in puts it (sessionStorage 'petitions.console.token', read by api.js);
// the refresh token and the ID token (for signing out) sit next to it, for this tab only.
import { config } from './config.js';

export const TOKEN_KEY = 'petitions.console.token';
const REFRESH_KEY = 'petitions.console.oidc.refresh';
const ID_TOKEN_KEY = 'petitions.console.oidc.id_token';
const PENDING_KEY = 'petitions.console.oidc.pending';
export const CALLBACK_PATH = '/signed-in.html';

let discoveryPromise;

/** The console's OIDC settings ({issuer, clientId, scope}) or null when it has none. */
export function settings() {
  return config().then(c => c.oidc || null);
}

/** The provider's discovery document; its issuer must be the configured one (OpenID Connect Discovery §4.3). */
export function discovery() {
  if (!discoveryPromise) {
    discoveryPromise = (async () => {
      const oidc = await settings();
      if (!oidc) throw new Error('no identity provider configured');
      const r = await fetch(`${oidc.issuer}/.well-known/openid-configuration`, { headers: { Accept: 'application/json' } });
      if (!r.ok) throw new Error(`discovery: HTTP ${r.status}`);
      const d = await r.json();
      if (d.issuer !== oidc.issuer) throw new Error(`discovery: issuer ${d.issuer} is not ${oidc.issuer}`);
      return d;
    })();
    discoveryPromise.catch(() => { discoveryPromise = undefined; });
  }
  return discoveryPromise;
}

function base64url(bytes) {
  let s = '';
  for (const b of bytes) s += String.fromCharCode(b);
  return btoa(s).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function random() {
  return base64url(crypto.getRandomValues(new Uint8Array(32)));
}

/** RFC 7636: code_challenge = BASE64URL(SHA-256(ASCII(code_verifier))). */
export async function codeChallenge(verifier) {
  return base64url(new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier))));
}

function payload(jwt) {
  try {
    return JSON.parse(decodeURIComponent(escape(atob(jwt.split('.')[1].replace(/-/g, '+').replace(/_/g, '/')))));
  } catch {
    return null;
  }
}

function redirectUri() {
  return location.origin + CALLBACK_PATH;
}

function safeNext(next) {
  return typeof next === 'string' && next.startsWith('/') && !next.startsWith('//') && !next.startsWith('/\\') ? next : null;
}

/** Goes to the provider's sign-in page; it comes back to /signed-in.html, then to `next`. */
export async function signIn(next) {
  const oidc = await settings();
  const d = await discovery();
  const pending = { state: random(), nonce: random(), verifier: random(), next: safeNext(next) };
  sessionStorage.setItem(PENDING_KEY, JSON.stringify(pending));
  const url = new URL(d.authorization_endpoint);
  url.search = new URLSearchParams({
    response_type: 'code',
    client_id: oidc.clientId,
    redirect_uri: redirectUri(),
    scope: oidc.scope || 'openid',
    state: pending.state,
    nonce: pending.nonce,
    code_challenge: await codeChallenge(pending.verifier),
    code_challenge_method: 'S256',
  }).toString();
  location.assign(url.toString());
}

async function tokenRequest(body) {
  const d = await discovery();
  let r;
  try {
    r = await fetch(d.token_endpoint, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', Accept: 'application/json' },
      body: new URLSearchParams(body).toString(),
    });
  } catch {
    throw new Error('无法连接统一身份认证 (the identity provider cannot be reached)');
  }
  const json = await r.json().catch(() => ({}));
  if (!r.ok || !json.access_token) {
    throw new Error(json.error_description || json.error || `token endpoint: HTTP ${r.status}`);
  }
  return json;
}

function store(tokens) {
  sessionStorage.setItem(TOKEN_KEY, tokens.access_token);
  if (tokens.refresh_token) sessionStorage.setItem(REFRESH_KEY, tokens.refresh_token);
  if (tokens.id_token) sessionStorage.setItem(ID_TOKEN_KEY, tokens.id_token);
}

function clear() {
  for (const k of [TOKEN_KEY, REFRESH_KEY, ID_TOKEN_KEY, PENDING_KEY]) sessionStorage.removeItem(k);
}

/**
 * On /signed-in.html: checks state (and iss, RFC 9207, when the provider sends it), trades the code and the PKCE
 * verifier for tokens, checks the ID token's nonce, stores the tokens. Returns the page to go to (or null).
 */
export async function completeSignIn(search = location.search) {
  const params = new URLSearchParams(search);
  const pendingJson = sessionStorage.getItem(PENDING_KEY);
  sessionStorage.removeItem(PENDING_KEY);
  history.replaceState(null, '', CALLBACK_PATH); // the code is single-use; keep it out of the history
  if (params.get('error')) throw new Error(params.get('error_description') || params.get('error'));
  const pending = pendingJson ? JSON.parse(pendingJson) : null;
  if (!pending || !params.get('state') || params.get('state') !== pending.state) {
    throw new Error('登录请求不匹配，请重新登录 (state mismatch)');
  }
  const oidc = await settings();
  if (params.get('iss') && params.get('iss') !== oidc.issuer) throw new Error(`unexpected issuer ${params.get('iss')}`);
  if (!params.get('code')) throw new Error('no authorization code');
  const tokens = await tokenRequest({
    grant_type: 'authorization_code',
    code: params.get('code'),
    redirect_uri: redirectUri(),
    client_id: oidc.clientId,
    code_verifier: pending.verifier,
  });
  if (tokens.id_token && payload(tokens.id_token)?.nonce !== pending.nonce) throw new Error('ID token nonce mismatch');
  store(tokens);
  return pending.next;
}

/** Whether a refresh token is at hand (signed in through the provider in this tab). */
export function canRefresh() {
  return !!sessionStorage.getItem(REFRESH_KEY);
}

let refreshing;

/** A new access token from the refresh token; false (and nothing stored) when that is no longer possible. */
export function refresh() {
  if (!refreshing) {
    refreshing = (async () => {
      const refreshToken = sessionStorage.getItem(REFRESH_KEY);
      if (!refreshToken) return false;
      const oidc = await settings();
      if (!oidc) return false;
      try {
        store(await tokenRequest({ grant_type: 'refresh_token', refresh_token: refreshToken, client_id: oidc.clientId }));
        return true;
      } catch {
        clear();
        return false;
      }
    })().finally(() => { refreshing = undefined; });
  }
  return refreshing;
}

/** Seconds until the access token expires (negative when it has), or null without one. */
export function secondsLeft() {
  const t = sessionStorage.getItem(TOKEN_KEY);
  const exp = t && payload(t)?.exp;
  return exp ? exp - Date.now() / 1000 : null;
}

/** Forgets the tokens; ends the provider's session too when this tab signed in through it (RP-initiated logout). */
export async function signOut() {
  const idToken = sessionStorage.getItem(ID_TOKEN_KEY);
  const viaProvider = canRefresh() || !!idToken;
  clear();
  const back = `${location.origin}/sign-in.html?signed-out=1`;
  if (!viaProvider) { location.assign(back); return; }
  try {
    const oidc = await settings();
    const d = await discovery();
    if (!d.end_session_endpoint) { location.assign(back); return; }
    const url = new URL(d.end_session_endpoint);
    const params = { client_id: oidc.clientId, post_logout_redirect_uri: back };
    if (idToken) params.id_token_hint = idToken;
    url.search = new URLSearchParams(params).toString();
    location.assign(url.toString());
  } catch {
    location.assign(back);
  }
}

/** The first page of a role (after a sign-in without `next`). */
export function homeOf(groups) {
  const HOME = { clerk: '/desk.html', handler: '/queue.html', supervisor: '/ledger.html', leader: '/ledger.html', auditor: '/stats.html' };
  const role = ['clerk', 'handler', 'supervisor', 'leader', 'auditor'].find(r => (groups || []).includes(r));
  return role ? HOME[role] : '/';
}

export function claimsOf(token) {
  return token ? payload(token) : null;
}
