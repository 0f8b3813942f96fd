// Expressions evaluated inside the page. Kept as strings because the e2e tests compile without the DOM library
// (tsconfig.node.json), so that shared/ stays provably free of browser globals.

/** The `data-testid` of the focused element. */
export const ACTIVE_TEST_ID = `document.activeElement && document.activeElement.getAttribute('data-testid')`;

/** The header's computed background colour (changes with the theme). */
export const HEADER_BACKGROUND = `getComputedStyle(document.querySelector('header')).backgroundColor`;

/** Set by the hostile report's payloads if anything in them ever ran. */
export const PWNED = `window.__pwned`;

/** The bridge token the page keeps for this tab. */
export const STORED_TOKEN = `sessionStorage.getItem('portdoctor.bridge-token')`;

/** POST to an API channel from the page with the given token header (none when null) and give the HTTP status. */
export function apiStatus(channel: string, token: string | null): string {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (token !== null) headers['x-portdoctor-token'] = token;
  return `fetch(${JSON.stringify(`/api/${channel}`)}, { method: 'POST', headers: ${JSON.stringify(headers)}, body: '{}' }).then((r) => r.status)`;
}

/** Whether an unselected nav item has finished its theme transition and sits on the nav's own colour. */
export const NAV_SETTLED = `getComputedStyle(document.querySelector('nav')).backgroundColor === getComputedStyle(document.querySelector('[data-testid="nav-ports"]')).backgroundColor`;

/** Whether the page and the main pane fit their width (nothing overflows sideways). */
export const NO_SIDEWAYS_SCROLL = `(() => { const m = document.querySelector('main'); const d = document.documentElement; return m.scrollWidth <= m.clientWidth && d.scrollWidth <= d.clientWidth; })()`;
