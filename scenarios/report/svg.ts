import { formatDuration } from '../../twin/index.ts';
import { escapeXml as x } from './text.ts';

export interface ChartPoint {
  t: number;
  v: unknown;
  /** Colours the point: green when true, red when false. */
  ok?: boolean;
}

export interface ChartOptions {
  points: readonly ChartPoint[];
  /** Time axis, epoch ms; labels are offsets from `origin` (default t0). */
  t0: number;
  t1: number;
  origin?: number;
  title: string;
  width?: number;
  height?: number;
  /** A band to shade (the expectation's window). */
  shade?: [number, number];
}

const GOOD = '#1a7f37';
const BAD = '#cf222e';
const LINE = '#0969da';

const label = (v: unknown): string => {
  if (v === undefined) return 'absent';
  const t = typeof v === 'string' ? v : JSON.stringify(v);
  return t.length > 18 ? `${t.slice(0, 17)}…` : t;
};

/**
 * A small inline SVG chart of the values an expectation saw over time: a line for numbers, lanes for
 * anything else (states, booleans), a dot per look coloured by whether it held.
 */
export function valueChart(o: ChartOptions): string {
  const w = o.width ?? 640;
  const h = o.height ?? 150;
  const L = 110;
  const R = 12;
  const T = 20;
  const B = 22;
  const span = Math.max(1, o.t1 - o.t0);
  const X = (t: number) => L + ((t - o.t0) / span) * (w - L - R);
  const origin = o.origin ?? o.t0;
  const numeric =
    o.points.length > 0 &&
    o.points.every((p) => typeof p.v === 'number' || p.v === null || p.v === undefined);
  const parts: string[] = [];
  parts.push(`<text x="4" y="13" class="ct">${x(o.title)}</text>`);
  if (o.shade)
    parts.push(
      `<rect x="${X(o.shade[0]).toFixed(1)}" y="${T}" width="${Math.max(1, X(o.shade[1]) - X(o.shade[0])).toFixed(1)}" height="${h - T - B}" fill="#0969da" opacity="0.07"/>`,
    );
  parts.push(`<line x1="${L}" y1="${h - B}" x2="${w - R}" y2="${h - B}" stroke="#8c959f"/>`);
  parts.push(`<text x="${L}" y="${h - 6}" class="ax">+${x(formatDuration(o.t0 - origin))}</text>`);
  parts.push(
    `<text x="${w - R}" y="${h - 6}" class="ax" text-anchor="end">+${x(formatDuration(o.t1 - origin))}</text>`,
  );
  let Y: (p: ChartPoint) => number;
  if (numeric) {
    const vs = o.points.map((p) => p.v).filter((v): v is number => typeof v === 'number');
    const lo = vs.length ? Math.min(...vs) : 0;
    const hi = vs.length ? Math.max(...vs) : 1;
    const pad = hi === lo ? Math.max(1, Math.abs(hi) * 0.1) : (hi - lo) * 0.1;
    const y0 = lo - pad;
    const y1 = hi + pad;
    Y = (p) => (typeof p.v === 'number' ? T + (1 - (p.v - y0) / (y1 - y0)) * (h - T - B) : h - B);
    parts.push(
      `<text x="${L - 6}" y="${T + 8}" class="ax" text-anchor="end">${x(String(Number(y1.toPrecision(6))))}</text>`,
    );
    parts.push(
      `<text x="${L - 6}" y="${h - B}" class="ax" text-anchor="end">${x(String(Number(y0.toPrecision(6))))}</text>`,
    );
    const path = o.points
      .filter((p) => typeof p.v === 'number')
      .map((p) => `${X(p.t).toFixed(1)},${Y(p).toFixed(1)}`);
    if (path.length > 1)
      parts.push(`<polyline fill="none" stroke="${LINE}" stroke-width="1.5" points="${path.join(' ')}"/>`);
  } else {
    const cats = [...new Set(o.points.map((p) => label(p.v)))];
    const lane = (h - T - B) / Math.max(1, cats.length);
    Y = (p) => T + lane * (cats.indexOf(label(p.v)) + 0.5);
    cats.forEach((c, i) =>
      parts.push(
        `<text x="${L - 6}" y="${(T + lane * (i + 0.5) + 4).toFixed(1)}" class="ax" text-anchor="end">${x(c)}</text>`,
      ),
    );
    let d = '';
    o.points.forEach((p, i) => {
      d += i === 0 ? `M${X(p.t).toFixed(1)},${Y(p).toFixed(1)}` : `H${X(p.t).toFixed(1)}V${Y(p).toFixed(1)}`;
    });
    if (o.points.length > 1) parts.push(`<path d="${d}" fill="none" stroke="${LINE}" stroke-width="1.5"/>`);
  }
  const step = Math.max(1, Math.ceil(o.points.length / 400));
  o.points.forEach((p, i) => {
    if (i % step !== 0 && i !== o.points.length - 1) return;
    const color = p.ok === undefined ? LINE : p.ok ? GOOD : BAD;
    parts.push(
      `<circle cx="${X(p.t).toFixed(1)}" cy="${Y(p).toFixed(1)}" r="2.5" fill="${color}"><title>+${x(formatDuration(p.t - origin))}: ${x(label(p.v))}</title></circle>`,
    );
  });
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${w}" height="${h}" viewBox="0 0 ${w} ${h}" role="img">${parts.join('')}</svg>`;
}

export interface TimelineBar {
  label: string;
  from: number;
  to: number;
  status: string;
}

export interface TimelineTick {
  t: number;
  kind: string;
  text: string;
}

const STATUS_COLOR: Record<string, string> = {
  passed: GOOD,
  failed: BAD,
  error: '#9a6700',
  skipped: '#8c959f',
};
const TICK_COLOR: Record<string, string> = {
  twin: '#8250df',
  action: LINE,
  warn: BAD,
  runner: '#57606a',
  expect: GOOD,
  step: LINE,
};

/** The scenario's timeline: a bar per step (coloured by outcome) and a tick per logged event. */
export function timelineChart(o: {
  t0: number;
  t1: number;
  bars: TimelineBar[];
  ticks: TimelineTick[];
  width?: number;
}): string {
  const w = o.width ?? 900;
  const L = 260;
  const R = 12;
  const row = 16;
  const h = 28 + row * o.bars.length + 34;
  const span = Math.max(1, o.t1 - o.t0);
  const X = (t: number) => L + ((Math.min(Math.max(t, o.t0), o.t1) - o.t0) / span) * (w - L - R);
  const parts: string[] = [];
  o.bars.forEach((b, i) => {
    const y = 10 + i * row;
    const text = b.label.length > 42 ? `${b.label.slice(0, 41)}…` : b.label;
    parts.push(`<text x="4" y="${y + 11}" class="ax">${x(`${i + 1}. ${text}`)}</text>`);
    const x0 = X(b.from);
    parts.push(
      `<rect x="${x0.toFixed(1)}" y="${y + 2}" width="${Math.max(2, X(b.to) - x0).toFixed(1)}" height="${row - 5}" rx="2" fill="${STATUS_COLOR[b.status] ?? LINE}"><title>${x(`${b.label}: ${b.status}, +${formatDuration(b.from - o.t0)} → +${formatDuration(b.to - o.t0)}`)}</title></rect>`,
    );
  });
  const ty = 14 + row * o.bars.length;
  parts.push(`<text x="4" y="${ty + 10}" class="ax">events</text>`);
  for (const t of o.ticks.slice(-2_000)) {
    const tx = X(t.t).toFixed(1);
    parts.push(
      `<line x1="${tx}" y1="${ty}" x2="${tx}" y2="${ty + 12}" stroke="${TICK_COLOR[t.kind] ?? '#57606a'}" stroke-width="1"><title>${x(`+${formatDuration(t.t - o.t0)} ${t.text}`)}</title></line>`,
    );
  }
  parts.push(`<line x1="${L}" y1="${h - 16}" x2="${w - R}" y2="${h - 16}" stroke="#8c959f"/>`);
  parts.push(`<text x="${L}" y="${h - 3}" class="ax">+0s</text>`);
  parts.push(
    `<text x="${w - R}" y="${h - 3}" class="ax" text-anchor="end">+${x(formatDuration(o.t1 - o.t0))}</text>`,
  );
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${w}" height="${h}" viewBox="0 0 ${w} ${h}" role="img">${parts.join('')}</svg>`;
}
