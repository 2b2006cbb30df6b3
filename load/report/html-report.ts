/**
 * The HTML report of a load run, from artillery's own JSON (`--output`): latency and throughput over
 * time (one point per artillery period, 10 s by default), the totals, the `ensure` checks as artillery
 * printed them, and the loss count. One self-contained file (inline SVG, no scripts), so a CI job can
 * keep it as an artifact.
 */
import type { LossReport } from '../run/loss.ts';

interface Summary {
  min?: number;
  max?: number;
  mean?: number;
  p50?: number;
  p95?: number;
  p99?: number;
  count?: number;
}

/** The parts of artillery's JSON report the page reads. */
export interface ArtilleryJson {
  aggregate: {
    counters?: Record<string, number>;
    rates?: Record<string, number>;
    summaries?: Record<string, Summary>;
    firstMetricAt?: number;
    lastMetricAt?: number;
  };
  intermediate: {
    period?: number | string;
    counters?: Record<string, number>;
    summaries?: Record<string, Summary>;
    firstMetricAt?: number;
    lastMetricAt?: number;
  }[];
}

export interface ReportInput {
  title: string;
  script: string;
  target: string;
  /** One per artillery worker process. */
  reports: ArtilleryJson[];
  checks: string[][];
  exitCode: number;
  loss?: LossReport | undefined;
}

const esc = (s: string) =>
  s.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c] as string);

interface Series {
  name: string;
  color: string;
  points: [number, number][];
}

const COLORS = ['#2563eb', '#16a34a', '#dc2626', '#9333ea', '#ea580c', '#0891b2'];

/** An SVG line chart: x is seconds since the start, y from 0 to the largest value. */
export function lineChart(title: string, unit: string, series: Series[]): string {
  const W = 720;
  const H = 220;
  const L = 56;
  const B = 28;
  const all = series.flatMap((s) => s.points);
  if (all.length === 0)
    return `<figure><figcaption>${esc(title)}</figcaption><p class="none">no data</p></figure>`;
  const xMax = Math.max(1, ...all.map((p) => p[0]));
  const yMax = Math.max(1e-9, ...all.map((p) => p[1])) * 1.1;
  const x = (v: number) => L + (v / xMax) * (W - L - 10);
  const y = (v: number) => H - B - (v / yMax) * (H - B - 10);
  const ticks = [0, 0.25, 0.5, 0.75, 1].map((f) => {
    const v = yMax * f;
    return `<line x1="${L}" x2="${W - 10}" y1="${y(v)}" y2="${y(v)}" class="grid"/><text x="${L - 6}" y="${y(v) + 4}" text-anchor="end">${fmt(v)}</text>`;
  });
  const lines = series.map((s) => {
    const d = s.points
      .map((p, i) => `${i === 0 ? 'M' : 'L'}${x(p[0]).toFixed(1)},${y(p[1]).toFixed(1)}`)
      .join(' ');
    const dots = s.points.map(
      (p) => `<circle cx="${x(p[0]).toFixed(1)}" cy="${y(p[1]).toFixed(1)}" r="2.5" fill="${s.color}"/>`,
    );
    return `<path d="${d}" stroke="${s.color}" fill="none" stroke-width="2"/>${dots.join('')}`;
  });
  const legend = series
    .map((s) => `<span><i style="background:${s.color}"></i>${esc(s.name)}</span>`)
    .join(' ');
  return `<figure><figcaption>${esc(title)} <small>(${esc(unit)})</small></figcaption>
<svg viewBox="0 0 ${W} ${H}" role="img" aria-label="${esc(title)}">${ticks.join('')}
<text x="${W - 10}" y="${H - 6}" text-anchor="end">seconds since start (max ${fmt(xMax)})</text>${lines.join('')}</svg>
<div class="legend">${legend}</div></figure>`;
}

function fmt(v: number): string {
  if (!Number.isFinite(v)) return '–';
  if (Math.abs(v) >= 1000) return Math.round(v).toLocaleString('en-US');
  return Number(v.toPrecision(3)).toString();
}

function periodStart(p: ArtilleryJson['intermediate'][number]): number {
  return Number(p.period ?? p.firstMetricAt ?? 0);
}

/** One series per worker report and per statistic, x = seconds since the first period. */
function over(
  reports: ArtilleryJson[],
  pick: (p: ArtilleryJson['intermediate'][number], seconds: number) => number | undefined,
  name: string,
  color: string,
): Series[] {
  const t0 = Math.min(...reports.flatMap((r) => r.intermediate.map(periodStart)));
  return reports.map((r, k) => ({
    name: reports.length > 1 ? `${name} (worker ${k + 1})` : name,
    color: reports.length > 1 ? (COLORS[(k + COLORS.indexOf(color)) % COLORS.length] as string) : color,
    points: r.intermediate
      .map((p): [number, number | undefined] => {
        const seconds = Math.max(
          1,
          ((p.lastMetricAt ?? periodStart(p)) - (p.firstMetricAt ?? periodStart(p))) / 1000,
        );
        return [(periodStart(p) - t0) / 1000, pick(p, seconds)];
      })
      .filter((pt): pt is [number, number] => pt[1] !== undefined),
  }));
}

function summaryRows(reports: ArtilleryJson[]): string {
  return reports
    .map((r, k) => {
      const rows = Object.entries(r.aggregate.summaries ?? {})
        .filter(([name]) => name.startsWith('twinbench.') || name === 'vusers.session_length')
        .map(
          ([name, s]) =>
            `<tr><td>${esc(name)}</td><td>${s.count ?? ''}</td><td>${fmt(s.min ?? NaN)}</td><td>${fmt(s.p50 ?? NaN)}</td><td>${fmt(s.p95 ?? NaN)}</td><td>${fmt(s.p99 ?? NaN)}</td><td>${fmt(s.max ?? NaN)}</td></tr>`,
        );
      const counters = Object.entries(r.aggregate.counters ?? {})
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([name, v]) => `<tr><td>${esc(name)}</td><td>${fmt(v)}</td></tr>`);
      return `<h3>${reports.length > 1 ? `Worker ${k + 1}` : 'Totals'}</h3>
<table><tr><th>histogram (ms)</th><th>count</th><th>min</th><th>p50</th><th>p95</th><th>p99</th><th>max</th></tr>${rows.join('')}</table>
<table><tr><th>counter</th><th>value</th></tr>${counters.join('')}</table>`;
    })
    .join('');
}

function lossBlock(l: LossReport | undefined): string {
  if (!l) return '<p class="none">not counted</p>';
  const influx = l.influx
    ? `<tr><td>stored in InfluxDB</td><td>${l.influx.stored}</td></tr><tr><td>lost (broker took it, platform does not hold it)</td><td class="${l.lost ? 'bad' : 'good'}">${l.lost}</td></tr>`
    : `<tr><td>InfluxDB</td><td>not checked</td></tr>`;
  return `<table>
<tr><td>devices</td><td>${l.devices}</td></tr>
<tr><td>telemetry sent (per-device seq)</td><td>${l.sent}</td></tr>
<tr><td>unacknowledged when the device dropped</td><td>${l.unackedAtDrop}</td></tr>
<tr><td>refused by the platform</td><td>${l.rejected}</td></tr>
<tr><td>twins up to date / behind / missing</td><td>${l.twins.upToDate} / ${l.twins.behind} / ${l.twins.missing}</td></tr>
${influx}</table>`;
}

export function renderHtmlReport(r: ReportInput): string {
  const reps = r.reports;
  const hist = (metric: string, stat: keyof Summary) => (p: ArtilleryJson['intermediate'][number]) =>
    p.summaries?.[metric]?.[stat];
  const perSecond = (metric: string) => (p: ArtilleryJson['intermediate'][number], seconds: number) => {
    const v = p.counters?.[metric];
    return v === undefined ? undefined : v / seconds;
  };
  const charts = [
    lineChart('Publish → twin latency', 'ms', [
      ...over(reps, hist('twinbench.publish_to_twin', 'p50'), 'p50', COLORS[0] as string),
      ...over(reps, hist('twinbench.publish_to_twin', 'p95'), 'p95', COLORS[1] as string),
      ...over(reps, hist('twinbench.publish_to_twin', 'p99'), 'p99', COLORS[2] as string),
    ]),
    lineChart('Throughput', 'messages/s', [
      ...over(reps, perSecond('twinbench.telemetry.sent'), 'telemetry sent', COLORS[0] as string),
      ...over(reps, perSecond('twinbench.twin.updates'), 'twin updates', COLORS[1] as string),
      ...over(reps, perSecond('twinbench.messages.rejected'), 'rejected', COLORS[2] as string),
    ]),
    lineChart('Command round trip and desired state to device', 'ms', [
      ...over(reps, hist('twinbench.command_round_trip', 'p99'), 'command p99', COLORS[3] as string),
      ...over(reps, hist('twinbench.desired_to_device', 'p99'), 'desired p99', COLORS[4] as string),
    ]),
    lineChart('Connections', 'per period', [
      ...over(reps, (p) => p.counters?.['twinbench.devices.connected'], 'connected', COLORS[0] as string),
      ...over(reps, (p) => p.counters?.['twinbench.disconnects.dropped'], 'dropped', COLORS[2] as string),
      ...over(reps, hist('twinbench.connect_time', 'p99'), 'connect time p99 (ms)', COLORS[5] as string),
    ]),
  ];
  const checks = r.checks
    .flatMap((c, k) => c.map((line) => ({ line, k })))
    .map(
      ({ line, k }) =>
        `<li class="${line.startsWith('ok') ? 'good' : 'bad'}">${r.checks.length > 1 ? `[worker ${k + 1}] ` : ''}${esc(line)}</li>`,
    );
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${esc(r.title)}</title>
<style>
body{font:14px/1.45 system-ui,sans-serif;margin:2rem auto;max-width:800px;color:#111}
h1{font-size:1.4rem}h2{font-size:1.1rem;margin-top:2rem;border-bottom:1px solid #ddd}
table{border-collapse:collapse;margin:.5rem 0 1rem}td,th{padding:.15rem .6rem;border-bottom:1px solid #eee;text-align:right}
td:first-child,th:first-child{text-align:left}figure{margin:1rem 0}figcaption{font-weight:600}
svg{width:100%;height:auto;background:#fafafa}svg text{font-size:10px;fill:#555}.grid{stroke:#e5e5e5}
.legend span{margin-right:1rem}.legend i{display:inline-block;width:10px;height:10px;margin-right:4px}
.good{color:#15803d}.bad{color:#b91c1c;font-weight:600}.none{color:#888}
</style></head><body>
<h1>${esc(r.title)}</h1>
<p>script <code>${esc(r.script)}</code> · target <code>${esc(r.target)}</code> · ${reps.length} worker(s) ·
<span class="${r.exitCode === 0 ? 'good' : 'bad'}">${r.exitCode === 0 ? 'passed' : 'FAILED'}</span></p>
<h2>Checks (ensure)</h2><ul>${checks.join('') || '<li class="none">no ensure checks</li>'}</ul>
<h2>Loss</h2>${lossBlock(r.loss)}
<h2>Over time</h2>${charts.join('\n')}
<h2>Totals</h2>${summaryRows(reps)}
</body></html>
`;
}
