/** A sparkline: an SVG polyline of (t, v) points scaled into a small box, with min and max. */
import { formatValue, h } from './dom.ts';

const W = 200;
const H = 36;
const NS = 'http://www.w3.org/2000/svg';

export function sparkline(label: string, unit: string, points: readonly [number, number][]): HTMLElement {
  const box = h('div', { class: 'spark', 'data-field': label });
  if (points.length < 2) {
    box.append(h('span', { class: 'spark-label' }, `${label}: not enough history`));
    return box;
  }
  const ts = points.map((p) => p[0]);
  const vs = points.map((p) => p[1]);
  const t0 = Math.min(...ts);
  const t1 = Math.max(...ts);
  const v0 = Math.min(...vs);
  const v1 = Math.max(...vs);
  const x = (t: number) => ((t - t0) / (t1 - t0 || 1)) * W;
  const y = (v: number) => H - 2 - ((v - v0) / (v1 - v0 || 1)) * (H - 4);
  const svg = document.createElementNS(NS, 'svg');
  svg.setAttribute('viewBox', `0 0 ${W} ${H}`);
  svg.setAttribute('role', 'img');
  svg.setAttribute('aria-label', `${label} from ${formatValue(v0)} to ${formatValue(v1)} ${unit}`);
  const line = document.createElementNS(NS, 'polyline');
  line.setAttribute('points', points.map(([t, v]) => `${x(t).toFixed(1)},${y(v).toFixed(1)}`).join(' '));
  svg.append(line);
  box.append(
    h('span', { class: 'spark-label' }, `${label} ${formatValue(vs[vs.length - 1])} ${unit}`),
    svg,
    h('span', { class: 'spark-range' }, `${formatValue(v0)} – ${formatValue(v1)}`),
  );
  return box;
}

/** Downsampled history answer (`columns` time, a_mean, …) → one series per field. */
export function seriesFromHistory(
  columns: readonly string[],
  rows: readonly (readonly unknown[])[],
  field: string,
): [number, number][] {
  const i = columns.indexOf(`${field}_mean`) >= 0 ? columns.indexOf(`${field}_mean`) : columns.indexOf(field);
  if (i < 0) return [];
  const out: [number, number][] = [];
  for (const r of rows) {
    const t = r[0];
    const v = r[i];
    if (typeof t === 'number' && typeof v === 'number') out.push([t, v]);
  }
  return out;
}
