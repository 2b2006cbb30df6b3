/** A small element builder: h('button', { class: 'x', onclick }, 'text'). */
type Attrs = Record<string, string | number | boolean | undefined | ((ev: never) => void)>;
export type Child = Node | string | number | null | undefined | false;

export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attrs: Attrs = {},
  ...children: Child[]
): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === undefined || v === false) continue;
    if (typeof v === 'function') el.addEventListener(k.replace(/^on/, ''), v as EventListener);
    else if (k === 'class') el.className = String(v);
    else el.setAttribute(k, v === true ? '' : String(v));
  }
  for (const c of children)
    if (c !== null && c !== undefined && c !== false) el.append(typeof c === 'number' ? String(c) : c);
  return el;
}

export function clear(el: Element): void {
  while (el.firstChild) el.firstChild.remove();
}

/** `12 s ago`, `3 min ago`, or a date for anything older than a day. */
export function ago(ms: number | undefined, now = Date.now()): string {
  if (ms === undefined) return 'never';
  const s = Math.round((now - ms) / 1000);
  if (s < 0) return new Date(ms).toLocaleString();
  if (s < 60) return `${s} s ago`;
  if (s < 3600) return `${Math.round(s / 60)} min ago`;
  if (s < 86_400) return `${Math.round(s / 3600)} h ago`;
  return new Date(ms).toLocaleString();
}

export function formatValue(v: unknown): string {
  if (typeof v === 'number') return Number.isInteger(v) ? String(v) : v.toFixed(Math.abs(v) < 10 ? 2 : 1);
  if (v === undefined || v === null) return '–';
  return typeof v === 'object' ? JSON.stringify(v) : String(v);
}
