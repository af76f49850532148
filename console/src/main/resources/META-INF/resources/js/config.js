// What the console tells the pages of its configuration (GET /config.json, web/ConfigResource), read once per page:
// the identity provider (js/oidc.js), the human-verification site key (js/public-petition.js) and the province the
// deployment serves. The province is the console's setting (petitions.province.code/.name), never a literal here:
// a second province runs the same pages.
let configPromise;

/** The whole configuration, or {} when the console cannot be asked (the services still check everything). */
export function config() {
  if (!configPromise) {
    configPromise = fetch('/config.json', { headers: { Accept: 'application/json' } })
      .then(r => (r.ok ? r.json() : {}))
      .catch(() => ({}));
  }
  return configPromise;
}

/** The province ({code, name}: '34', '安徽省'), or null when the console could not be asked. */
export async function province() {
  const p = (await config()).province;
  return p && /^[1-9][0-9]$/.test(p.code) && typeof p.name === 'string' ? p : null;
}
