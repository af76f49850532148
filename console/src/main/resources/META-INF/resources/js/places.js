import { api } from './api.js';
import { el } from './format.js';
import { province } from './config.js';

/** Fills a category <select> from intake's public list. */
export async function loadCategories(select, { any = false } = {}) {
  const categories = await api('intake', '/categories', { anonymous: true });
  select.replaceChildren(el('option', { value: '', text: any ? '全部类别' : '请选择类别' }),
    ...categories.map(c => el('option', { value: c.code, text: `${c.nameZh}` })));
  return categories;
}

/** City → county selects from routing's public division tree; the county's code is the location. */
export async function cityCounty(citySelect, countySelect) {
  const p = await province();
  // without the console's answer there is no province to list: the form says so rather than guess one
  const cities = p ? await api('routing', `/divisions/${p.code}/children`, { anonymous: true }) : [];
  citySelect.replaceChildren(el('option', { value: '', text: '请选择市' }),
    ...cities.map(c => el('option', { value: c.code, text: c.name })));
  citySelect.addEventListener('change', async () => {
    countySelect.replaceChildren(el('option', { value: '', text: '请选择县（区）' }));
    if (!citySelect.value) return;
    const counties = await api('routing', `/divisions/${citySelect.value}/children`, { anonymous: true });
    countySelect.append(...counties.map(c => el('option', { value: c.code, text: c.name })));
    countySelect.dispatchEvent(new Event('options-loaded'));
  });
  return cities;
}
