import { session, showProblem, ApiError } from './api.js';
import { publicPage } from './layout.js';
import { field, checkAll, DIVISION, PROVINCE } from './validate.js';
import { settings, signIn, canRefresh, refresh, homeOf } from './oidc.js';

publicPage();
const form = document.getElementById('dev-sign-in');
const message = document.getElementById('message');
// the province's own petition bureau (信访局), a unit every province has
const UNIT_EXAMPLE = PROVINCE ? `${PROVINCE.code}-XFJ` : '';
const HOME = { clerk: '/desk.html', handler: '/queue.html', supervisor: '/ledger.html', leader: '/ledger.html', auditor: '/stats.html' };
const params = new URLSearchParams(location.search);
const requested = params.get('next');
const next = requested && requested.startsWith('/') && !requested.startsWith('//') && !requested.startsWith('/\\') ? requested : null;
if (params.get('signed-out')) document.getElementById('signed-out').hidden = false;

// signed in through the identity provider and the access token ran out: renew it and carry on
if (canRefresh() && await refresh()) {
  location.replace(next || homeOf(session.claims?.groups));
  throw new Error('signed in again');
}

const oidc = await settings();
if (oidc) {
  document.getElementById('oidc').hidden = false;
  const button = document.getElementById('oidc-sign-in');
  button.addEventListener('click', async () => {
    button.disabled = true;
    try {
      await signIn(next);
    } catch (e) {
      button.disabled = false;
      showProblem(document.getElementById('oidc-message'), new ApiError(0, { title: '无法连接统一身份认证', detail: e.message }));
    }
  });
}

const status = await fetch('/dev/sign-in', { headers: { Accept: 'application/json' } });
if (!status.ok) {
  if (!oidc) document.getElementById('disabled').hidden = false;
} else {
  // the examples and defaults are the deployment's province's (GET /config.json), whichever it is
  if (PROVINCE) {
    form.jurisdiction.value ||= PROVINCE.code;
    form.unit.value ||= UNIT_EXAMPLE;
    document.getElementById('jurisdiction-hint').textContent = `${PROVINCE.code} = 全省（${PROVINCE.name}）；市、县（区）、乡镇的代码以 ${PROVINCE.code} 开头`;
    document.getElementById('unit-hint').textContent = `如 ${UNIT_EXAMPLE}（${PROVINCE.name}信访局）`;
  }
  form.hidden = false;
  const role = () => form.role.value;
  const show = () => {
    document.getElementById('unit-field').classList.toggle('hidden', role() !== 'handler');
    document.getElementById('jurisdiction-field').classList.toggle('hidden', !['supervisor', 'leader', 'clerk'].includes(role()));
  };
  form.addEventListener('change', show);
  show();
  const checks = [
    field(form.unit, v => (/^[0-9]{2,9}-[A-Z]{2,8}$/.test(v) && DIVISION.test(v.split('-')[0]) ? null
      : `单位代码为本省区划代码加部门代码${UNIT_EXAMPLE ? `，如 ${UNIT_EXAMPLE}` : ''}`)),
    field(form.jurisdiction, v => (DIVISION.test(v) ? null : `辖区代码为本省区划代码${PROVINCE ? `，以${PROVINCE.code}开头` : ''}`)),
  ];
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    if (!checkAll(checks)) return;
    const body = { role: role(), name: form.username.value || null,
      unit: role() === 'handler' ? form.unit.value : null,
      jurisdiction: ['supervisor', 'leader', 'clerk'].includes(role()) ? form.jurisdiction.value : null };
    const r = await fetch('/dev/sign-in', { method: 'POST', headers: { 'Content-Type': 'application/json', Accept: 'application/json' }, body: JSON.stringify(body) });
    const json = await r.json().catch(() => ({}));
    if (!r.ok) { showProblem(message, new ApiError(r.status, json)); return; }
    session.token = json.token;
    location.href = next || HOME[json.role];
  });
}
