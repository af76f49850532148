import { api, idempotencyKey, showProblem, showNotice } from './api.js';
import { publicPage } from './layout.js';
import { rules, field, checkAll } from './validate.js';
import { loadCategories, cityCounty } from './places.js';
import { accusedSection } from './accused.js';
import { el, fmtDate } from './format.js';
import { config } from './config.js';

// Human verification (人机验证). When /config.json names a site key (petitions.challenge.site-key), the form shows
// #challenge (data-sitekey set) and every submission carries the widget's token in the Petitions-Challenge header,
// which intake-service checks with the provider (intake.challenge.*). The provider's widget is the agency's to add:
// a script served from the console's own origin (the pages allow script-src 'self') that renders into #challenge —
// on the 'petitions-challenge' event, detail {container, siteKey}, or by reading data-sitekey — and defines
//   window.petitionsChallenge = {
//     token(),   // the widget's current token: a string, or null/'' while unsolved; may return a Promise
//     reset(),   // optional: a token is good for one check only, so it is called after every attempt
//   };
// Without a site key nothing of this happens.
const CHALLENGE_HEADER = 'Petitions-Challenge';

async function challengeSettings() {
  return (await config()).challenge || null;
}

publicPage();
const $ = (id) => document.getElementById(id);
const [challenge] = await Promise.all([challengeSettings(), loadCategories($('category')), cityCounty($('city'), $('county'))]);
if (challenge?.siteKey) {
  $('challenge').dataset.sitekey = challenge.siteKey;
  $('challenge-field').hidden = false;
  document.dispatchEvent(new CustomEvent('petitions-challenge', { detail: { container: $('challenge'), siteKey: challenge.siteKey } }));
}

/** The token to send, or null when the page asks for none; throws when one is needed and there is none. */
async function challengeToken() {
  if (!challenge?.siteKey) return null;
  let token = null;
  try { token = await window.petitionsChallenge?.token(); } catch { token = null; }
  if (typeof token !== 'string' || !token.trim()) throw new Error('challenge');
  return token.trim();
}

function resetChallenge() {
  try { window.petitionsChallenge?.reset?.(); } catch { /* the widget's own trouble: the next token() tells */ }
}

const checks = [
  field($('category'), rules.required), field($('county'), rules.required),
  field($('summary'), rules.required, rules.max(500), rules.plain), field($('content'), rules.max(20000)),
  field($('pName'), rules.required, rules.max(50), rules.plain), field($('pPhone'), rules.required, rules.phone),
  field($('pId'), rules.residentId), field($('pEmail'), rules.email),
  field($('personCount'), rules.required, rules.intRange(1, 10000),
    (v) => (+v >= representatives().length ? null : '反映人数不能少于代表人数')),
];

// A group (集体访) names at most five representatives, as at the desk: name and resident ID, phone optional.
const MAX_REPRESENTATIVES = 5;
let repChecks = [];
function representatives() { return [...$('representatives').querySelectorAll('.representative')]; }
function renumber() {
  representatives().forEach((r, i) => { r.querySelector('.r-name-label').textContent = `代表${i + 1}姓名`; });
  const full = representatives().length >= MAX_REPRESENTATIVES;
  $('add-representative').disabled = full;
  $('representatives-hint').textContent = full ? '最多推选5名代表' : '';
}
$('add-representative').addEventListener('click', () => {
  if (representatives().length >= MAX_REPRESENTATIVES) return;
  const i = `${Date.now()}${representatives().length}`;
  const box = el('div', { class: 'row representative' },
    el('div', { class: 'field' }, el('label', { for: `rName${i}`, class: 'r-name-label', text: '代表姓名' }), el('input', { id: `rName${i}`, class: 'r-name', autocomplete: 'off' })),
    el('div', { class: 'field' }, el('label', { for: `rId${i}`, text: '身份证号' }), el('input', { id: `rId${i}`, class: 'r-id', autocomplete: 'off' })),
    el('div', { class: 'field' }, el('label', { for: `rPhone${i}`, text: '电话（可选）' }), el('input', { id: `rPhone${i}`, class: 'r-phone', inputmode: 'tel', autocomplete: 'off' })));
  const remove = el('button', { type: 'button', class: 'r-remove', text: '删除', 'aria-label': '删除该代表' });
  box.append(remove);
  $('representatives').append(box);
  const checksOfBox = [field(box.querySelector('.r-name'), rules.required, rules.max(50), rules.plain),
    field(box.querySelector('.r-id'), rules.required, rules.residentId), field(box.querySelector('.r-phone'), rules.phone)];
  repChecks.push(...checksOfBox);
  remove.addEventListener('click', () => {
    box.remove();
    repChecks = repChecks.filter(c => !checksOfBox.includes(c));
    renumber();
    $('personCount').dispatchEvent(new Event('input'));
  });
  if (+$('personCount').value < representatives().length) $('personCount').value = String(Math.max(5, representatives().length));
  renumber();
  box.querySelector('input').focus();
});
const accused = accusedSection($('accused'), $('add-accused'), () => $('county').value);
let key = null;
$('petition-form').addEventListener('input', () => { key = null; });
$('petition-form').addEventListener('submit', async (e) => {
  e.preventDefault();
  if (!checkAll([...checks, ...repChecks, ...accused.checks])) { showNotice($('message'), '请先更正标红的项目', 'bad'); return; }
  let token;
  try { token = await challengeToken(); } catch { showNotice($('message'), '请先完成人机验证', 'bad'); return; }
  key = key || idempotencyKey();
  const opt = (v) => (v.trim() ? v.trim() : undefined);
  const headers = { 'Idempotency-Key': key };
  const reps = representatives().map(r => ({ name: r.querySelector('.r-name').value.trim(),
    idNumber: r.querySelector('.r-id').value.trim().toUpperCase(), phone: opt(r.querySelector('.r-phone').value) }));
  if (token) headers[CHALLENGE_HEADER] = token;
  $('submit').disabled = true;
  try {
    const r = await api('intake', '/public/petitions', { anonymous: true, method: 'POST', headers, body: {
      categoryCode: $('category').value, locationCode: $('county').value, summary: $('summary').value.trim(), content: opt($('content').value),
      personCount: +$('personCount').value || 1,
      petitioner: { name: $('pName').value.trim(), phone: $('pPhone').value.trim(), idNumber: opt($('pId').value)?.toUpperCase(), email: opt($('pEmail').value) },
      representatives: reps.length ? reps : undefined,
      accused: accused.value().length ? accused.value() : undefined } });
    $('receipt-tracking').textContent = r.trackingNumber;
    $('receipt-code').textContent = r.queryCode;
    // the date in China (intake's registeredOn; from the timestamp in China's zone for an older intake)
    $('receipt-date').textContent = r.registeredOn || fmtDate(r.registeredAt);
    $('petition-form').hidden = true;
    $('receipt').hidden = false;
    $('receipt').focus();
  } catch (err) { showProblem($('message'), err); } finally { if (token) resetChallenge(); $('submit').disabled = false; }
});
$('print').addEventListener('click', () => window.print());
