/**
 * Building the page with DOM APIs only: every text, wherever it comes from (notes, file
 * contents, commit subjects), becomes a Text node, never markup. Formatting helpers for
 * numbers and shares.
 */

/** Attributes of `h`: strings set with setAttribute (never `on*` handlers: those go in `on`). */
export type Attrs = Record<string, string | number | boolean | undefined | null>;

/** A child: a node, or text (made a Text node), or nothing. */
export type Child = Node | string | number | null | undefined | false;

/**
 * Make an element with attributes, event listeners and children. Text children become
 * Text nodes. `on` maps an event name to its listener.
 */
export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attrs: Attrs = {},
  children: Child[] = [],
  on: Partial<Record<keyof HTMLElementEventMap, (e: Event) => void>> = {},
): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === undefined || v === null || v === false) continue;
    if (/^on/i.test(k)) throw new Error(`h: event handlers go in "on", not as attribute ${k}`);
    el.setAttribute(k, v === true ? '' : String(v));
  }
  append(el, children);
  for (const [name, fn] of Object.entries(on)) if (fn) el.addEventListener(name, fn);
  return el;
}

/** Append children (text as Text nodes). */
export function append(el: Node, children: Child[]): void {
  for (const c of children) {
    if (c === null || c === undefined || c === false) continue;
    el.appendChild(typeof c === 'string' || typeof c === 'number' ? document.createTextNode(String(c)) : c);
  }
}

/** Remove every child of `el`. */
export function clear(el: Node): void {
  while (el.firstChild) el.removeChild(el.firstChild);
}

/** `1234567` → `1,234,567`. */
export const num = (n: number): string => n.toLocaleString('en-US');

/** A fraction 0–1 as a percentage with one decimal (`0.4567` → `45.7%`); `–` for NaN. */
export const pct = (x: number): string => (Number.isFinite(x) ? `${(x * 100).toFixed(1)}%` : '–');

/** `a / b` or 0 when `b` is 0. */
export const ratio = (a: number, b: number): number => (b === 0 ? 0 : a / b);

/** The first 8 characters of a sha or of a session's native id. */
export const short = (id: string): string =>
  id
    .slice(id.indexOf(':') + 1)
    .replace(/[^A-Za-z0-9]/g, '')
    .slice(0, 8);

/** Set an element's width as a percentage through the CSSOM (allowed by the page's policy, unlike a style attribute). */
export function widthPct(el: HTMLElement, fraction: number): HTMLElement {
  el.style.width = `${Math.max(0, Math.min(100, fraction * 100)).toFixed(2)}%`;
  return el;
}
