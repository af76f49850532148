// The accused (检举揭发) section of the desk and online forms. A unit picked from the list of the place's own units
// (the county's and its city's, from routing's public directory) is sent with its code, so routing can recuse it for
// certain; a name typed freely is sent as written and intake resolves it, or, if it cannot, keeps the case away from
// the county altogether. A person's name is sent as given; intake stores it encrypted.
import { api } from './api.js';
import { el } from './format.js';
import { rules, field, LOCATION } from './validate.js';

const KINDS = { UNIT: '单位', PERSON: '个人' };

/**
 * @param container  where the rows go
 * @param addButton  the button that adds a row
 * @param place      () => the division code of the matter's place (county or township), or ''
 * @returns {{value: () => Array, reset: () => void, checks: Array}}
 */
export function accusedSection(container, addButton, place) {
  const checks = [];
  let units = [];
  let loadedFor = null;
  const list = el('datalist', { id: `accused-units-${Math.random().toString(36).slice(2)}` });
  container.before(list);

  async function loadUnits() {
    const code = (place() || '').slice(0, 6);
    if (!LOCATION.test(code) || code === loadedFor) return;
    loadedFor = code;
    const [county, city] = await Promise.all([
      api('routing', `/divisions/${encodeURIComponent(code)}/units`, { anonymous: true }).catch(() => []),
      api('routing', `/divisions/${encodeURIComponent(code.slice(0, 4))}/units`, { anonymous: true }).catch(() => []),
    ]);
    units = [...county, ...city];
    list.replaceChildren(...units.map(u => el('option', { value: u.name })));
  }

  const rows = () => [...container.querySelectorAll('.accused')];

  addButton.addEventListener('click', async () => {
    if (rows().length >= 20) return;
    const i = Date.now();
    const kind = el('select', { id: `aKind${i}`, class: 'a-kind' },
      ...Object.entries(KINDS).map(([v, t]) => el('option', { value: v, text: t })));
    const name = el('input', { id: `aName${i}`, class: 'a-name', autocomplete: 'off', list: list.id, maxlength: '100' });
    const box = el('div', { class: 'row accused' },
      el('div', { class: 'field' }, el('label', { for: kind.id, text: '被反映对象类型' }), kind),
      el('div', { class: 'field' }, el('label', { for: name.id, text: '名称或姓名（单位可从列表选择）' }), name),
      el('button', { type: 'button', class: 'a-remove', text: '删除' }));
    kind.addEventListener('change', () => name.setAttribute('list', kind.value === 'UNIT' ? list.id : ''));
    box.querySelector('.a-remove').addEventListener('click', () => { box.remove(); addButton.disabled = false; });
    container.append(box);
    checks.push(field(name, rules.required, rules.max(100), rules.plain));
    addButton.disabled = rows().length >= 20;
    name.focus();
    await loadUnits();
  });

  return {
    checks,
    value() {
      return rows().map(r => {
        const kind = r.querySelector('.a-kind').value;
        const name = r.querySelector('.a-name').value.trim();
        const unit = kind === 'UNIT' ? units.find(u => u.name === name) : undefined;
        return unit ? { kind, name, unitCode: unit.code } : { kind, name };
      }).filter(a => a.name);
    },
    reset() { container.replaceChildren(); checks.length = 0; addButton.disabled = false; loadedFor = null; },
  };
}
