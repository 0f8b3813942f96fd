// In-page expressions for the keyboard test (strings: the e2e tests compile without the DOM library).

/** What may take keyboard focus on a page (before filtering out the hidden and the disabled). */
const FOCUSABLE = 'a[href], button, input, select, textarea, [tabindex], [role="tab"], [role="radio"], [role="checkbox"], [role="switch"]';

/** Composite widgets that are one Tab stop, their items reached with the arrow keys: radio groups, tab lists, the navigation. */
const GROUPS = '[role="radiogroup"], [role="tablist"], nav';

/**
 * The focused element, marked as visited (`data-pd-tab`), with a name a person can read and its box; null when focus
 * is on the page itself. Radios of one group and tabs of one list are one stop (arrows move inside them).
 */
export const FOCUSED = `(() => {
  const GROUPS = ${JSON.stringify(GROUPS)};
  const el = document.activeElement;
  if (!el || el === document.body || el === document.documentElement) return null;
  const group = el.closest(GROUPS);
  (group || el).setAttribute('data-pd-tab', '1');
  const r = el.getBoundingClientRect();
  const name = el.getAttribute('data-testid') || el.getAttribute('aria-label') || (el.labels && el.labels[0] && el.labels[0].textContent) || el.textContent || el.tagName;
  return { name: name.trim().slice(0, 60), tag: el.tagName.toLowerCase(), x: r.x, y: r.y, width: r.width, height: r.height, scrollTop: document.querySelector('main').scrollTop };
})()`;

/** Interactive elements shown on the page that Tab never reached (a radio group or tab list counts once). */
export const UNREACHED = `((GROUPS) => [...document.querySelectorAll(${JSON.stringify(FOCUSABLE)})].filter((el) => {
  if (el.closest('[data-pd-tab]') || el.closest(GROUPS) && el.closest(GROUPS).hasAttribute('data-pd-tab') || el.disabled || el.getAttribute('tabindex') === '-1' && !el.matches('[role="tab"], [role="radio"], input[type="radio"]')) return false;
  if (el.closest('[aria-hidden="true"], [inert]') || el.hasAttribute('data-tabster-dummy')) return false;
  const r = el.getBoundingClientRect();
  const s = getComputedStyle(el);
  return r.width > 0 && r.height > 0 && s.visibility !== 'hidden' && s.display !== 'none' && Number(s.opacity) > 0;
}).map((el) => el.getAttribute('data-testid') || el.getAttribute('aria-label') || el.textContent.trim().slice(0, 60) || el.outerHTML.slice(0, 80)))(${JSON.stringify(GROUPS)})`;

/** No focus, and the next Tab starts at the top of the document. */
// Chromium starts sequential navigation where the last focused element was, even after blur(): focusing an unfocusable-
// by-Tab sentinel at the top of <body> makes the next Tab land on the document's first stop (the header), whatever the
// page focused before (a walk that started mid-page missed the header under load when it ended early).
export const TO_TOP = `(() => {
  document.activeElement && document.activeElement.blur();
  window.getSelection().removeAllRanges();
  document.querySelector('main').scrollTop = 0;
  let top = document.getElementById('pd-tab-start');
  if (!top) { top = document.createElement('div'); top.id = 'pd-tab-start'; top.tabIndex = -1; top.style.cssText = 'position:absolute;top:0;left:0;width:0;height:0;outline:none;overflow:hidden'; document.body.prepend(top); }
  top.focus({ preventScroll: true });
})()`;

/** Forget the marks of a previous page. */
export const CLEAR_MARKS = `document.querySelectorAll('[data-pd-tab]').forEach((el) => el.removeAttribute('data-pd-tab'))`;

/** Scroll the main pane to a position (where a stop was photographed). */
export function SCROLL_TO(top: number): string {
  return `document.querySelector('main').scrollTop = ${Number(top)}`;
}
