import { api, idempotencyKey, showProblem, showNotice } from './api.js';
import { publicPage } from './layout.js';
import { rules, field, checkAll } from './validate.js';
import { loadCategories, cityCounty } from './places.js';
import { accusedSection } from './accused.js';

publicPage();
const $ = (id) => document.getElementById(id);
await Promise.all([loadCategories($('category')), cityCounty($('city'), $('county'))]);
const checks = [
  field($('category'), rules.required), field($('county'), rules.required),
  field($('summary'), rules.required, rules.max(500), rules.plain), field($('content'), rules.max(20000)),
  field($('pName'), rules.required, rules.max(50), rules.plain), field($('pPhone'), rules.required, rules.phone),
  field($('pId'), rules.residentId), field($('pEmail'), rules.email),
];
const accused = accusedSection($('accused'), $('add-accused'), () => $('county').value);
let key = null;
$('petition-form').addEventListener('input', () => { key = null; });
$('petition-form').addEventListener('submit', async (e) => {
  e.preventDefault();
  if (!checkAll([...checks, ...accused.checks])) { showNotice($('message'), '请先更正标红的项目', 'bad'); return; }
  key = key || idempotencyKey();
  const opt = (v) => (v.trim() ? v.trim() : undefined);
  $('submit').disabled = true;
  try {
    const r = await api('intake', '/public/petitions', { anonymous: true, method: 'POST', headers: { 'Idempotency-Key': key }, body: {
      categoryCode: $('category').value, locationCode: $('county').value, summary: $('summary').value.trim(), content: opt($('content').value),
      petitioner: { name: $('pName').value.trim(), phone: $('pPhone').value.trim(), idNumber: opt($('pId').value)?.toUpperCase(), email: opt($('pEmail').value) },
      accused: accused.value().length ? accused.value() : undefined } });
    $('receipt-tracking').textContent = r.trackingNumber;
    $('receipt-code').textContent = r.queryCode;
    $('petition-form').hidden = true;
    $('receipt').hidden = false;
    $('receipt').focus();
  } catch (err) { showProblem($('message'), err); } finally { $('submit').disabled = false; }
});
$('print').addEventListener('click', () => window.print());
