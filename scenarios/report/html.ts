import { mkdir, writeFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { formatDuration } from '../../twin/index.ts';
import type { StepResult } from '../engine/timeline.ts';
import type { ExpectationOutcome } from '../expect/temporal.ts';
import type { ScenarioResult, SuiteResult } from '../suite/results.ts';
import type { Reporter } from './reporter.ts';
import { timelineChart, valueChart, type ChartPoint } from './svg.ts';
import { escapeXml as x } from './text.ts';

const CSS = `
body{font:14px/1.45 system-ui,-apple-system,Segoe UI,sans-serif;margin:24px;color:#1f2328;background:#fff}
h1{font-size:20px;margin:0 0 4px}h2{font-size:16px;margin:0}h3{font-size:14px;margin:16px 0 6px}
.sum{margin:8px 0 20px;color:#57606a}.badge{display:inline-block;padding:1px 8px;border-radius:10px;color:#fff;font-size:12px;font-weight:600;margin-right:8px}
.passed{background:#1a7f37}.failed{background:#cf222e}.error{background:#9a6700}.skipped{background:#8c959f}
details.sc{border:1px solid #d0d7de;border-radius:6px;margin:10px 0;padding:8px 12px}details.sc>summary{cursor:pointer;list-style:none}
pre{background:#f6f8fa;padding:8px;border-radius:4px;overflow:auto;font:12px/1.4 ui-monospace,Menlo,monospace;white-space:pre-wrap}
pre.fail{background:#ffebe9}table{border-collapse:collapse;font-size:12px}td,th{border-bottom:1px solid #eaeef2;padding:3px 8px;text-align:left;vertical-align:top}
.meta{color:#57606a;font-size:12px}.ct{font:600 12px system-ui,sans-serif;fill:#1f2328}.ax{font:11px system-ui,sans-serif;fill:#57606a}
.charts{display:flex;flex-wrap:wrap;gap:12px}.chart{border:1px solid #eaeef2;border-radius:4px;padding:4px}`;

function chartValue(v: unknown): unknown {
  if (v && typeof v === 'object' && 'status' in v) return (v as { status: unknown }).status;
  return v;
}

function expectationCharts(e: ExpectationOutcome, origin: number): string {
  const points: ChartPoint[] = e.samples.map((s) => ({
    t: s.t,
    v: s.error ? 'error' : chartValue(s.actual),
    ok: s.ok,
  }));
  const end = Math.max(e.endedAt, e.startedAt + 1);
  const charts = [
    valueChart({
      points,
      t0: e.startedAt,
      t1: Math.max(end, e.startedAt + e.windowMs),
      origin,
      title: `${e.status === 'passed' ? '✓' : '✗'} ${e.condition}`.slice(0, 100),
      shade: [e.startedAt, e.startedAt + e.windowMs],
    }),
  ];
  if (e.series && e.series.length > 0) {
    const ts = e.series.map((p) => p[0]);
    charts.push(
      valueChart({
        points: e.series.map(([t, v]) => ({ t, v })),
        t0: Math.min(...ts),
        t1: Math.max(...ts) + 1,
        title: `data behind it (last look, ${e.series.length} points, device time)`,
      }),
    );
  }
  return charts.map((c) => `<div class="chart">${c}</div>`).join('');
}

/** What a step did, or what its expectation saw last. */
function stepDetail(s: StepResult): string {
  if (s.detail) return s.detail;
  const e = s.expectation ?? s.wait;
  const last = e?.samples[e.samples.length - 1];
  if (!e || !last) return '';
  const seen = `last look: ${last.error ? `error ${last.error}` : (JSON.stringify(last.actual) ?? 'absent')}${last.detail ? ` — ${last.detail}` : ''} (${e.samples.length} look(s))`;
  return e.reason ? `${e.reason}; ${seen}` : seen;
}

function scenarioSection(r: ScenarioResult, cwd: string): string {
  const t0 = r.timelineStart ?? r.startedAt;
  const t1 = Math.max(t0 + 1, ...r.steps.map((s) => s.endedAt ?? 0), ...r.events.map((e) => e.t));
  const bars = r.steps
    .filter((s) => s.startedAt !== undefined)
    .map((s) => ({ label: s.label, from: s.startedAt as number, to: s.endedAt ?? t1, status: s.status }));
  const html: string[] = [];
  const open = r.status === 'passed' ? '' : ' open';
  html.push(
    `<details class="sc" id="${x(r.key)}"${open}><summary><span class="badge ${r.status}">${r.status}</span><b>${x(r.name)}</b> <span class="meta">${formatDuration(r.durationMs)}${r.tags.length ? ` · ${x(r.tags.join(', '))}` : ''}</span></summary>`,
  );
  html.push(
    `<p class="meta">${r.file ? `${x(relative(cwd, r.file))} · ` : ''}device prefix <code>${x(r.prefix)}</code> · database <code>${x(r.database)}</code></p>`,
  );
  for (const f of r.failures) html.push(`<pre class="fail">${x(`${f.message}\n[${f.code}]`)}</pre>`);
  if (bars.length > 0)
    html.push(
      '<h3>Timeline</h3>',
      timelineChart({ t0, t1, bars, ticks: r.events.map((e) => ({ t: e.t, kind: e.source, text: e.text })) }),
    );
  const withCharts = r.steps.filter((s) => s.expectation || s.wait);
  if (withCharts.length > 0) {
    html.push('<h3>What the expectations looked at</h3><div class="charts">');
    for (const s of withCharts)
      for (const e of [s.wait, s.expectation]) if (e) html.push(expectationCharts(e, t0));
    html.push('</div>');
  }
  html.push(
    '<h3>Steps</h3><table><tr><th>#</th><th>step</th><th>status</th><th>start</th><th>took</th><th>detail</th></tr>',
  );
  for (const s of r.steps) {
    const start = s.startedAt !== undefined ? `+${formatDuration(s.startedAt - t0)}` : '';
    const took =
      s.startedAt !== undefined && s.endedAt !== undefined ? formatDuration(s.endedAt - s.startedAt) : '';
    html.push(
      `<tr><td>${s.index + 1}</td><td>${x(s.label)}</td><td><span class="badge ${s.status}">${s.status}</span></td><td>${start}</td><td>${took}</td><td>${x(stepDetail(s))}</td></tr>`,
    );
  }
  html.push('</table>');
  if (r.events.length > 0) {
    const shown = r.events.slice(-400);
    html.push(
      `<details><summary>Events (${r.events.length}${shown.length < r.events.length ? `, last ${shown.length}` : ''})</summary><pre>${x(shown.map((e) => `+${formatDuration(e.t - t0).padEnd(8)} ${e.source.padEnd(6)} ${e.text}`).join('\n'))}</pre></details>`,
    );
  }
  if (r.fleets)
    html.push(
      `<details><summary>Fleets</summary><pre>${x(JSON.stringify(r.fleets, null, 2))}</pre></details>`,
    );
  if (r.logs) {
    html.push(
      `<details open><summary>Platform log (${r.logs.platform.length} lines)</summary><pre>${x(r.logs.platform.join('\n'))}</pre></details>`,
    );
    html.push(
      `<details><summary>Broker log (${r.logs.broker.length} lines)</summary><pre>${x(r.logs.broker.join('\n'))}</pre></details>`,
    );
  }
  html.push('</details>');
  return html.join('\n');
}

/** One self-contained HTML page for a run: no scripts, no external resources, charts as inline SVG. */
export function htmlReport(result: SuiteResult, cwd = process.cwd()): string {
  const c = result.counts;
  const title = `twinbench scenarios — ${c.failed + c.errors + result.invalid.length ? 'FAILED' : 'passed'}`;
  const invalid = result.invalid.map(
    (i) =>
      `<details class="sc" open><summary><span class="badge error">invalid</span><b>${x(relative(cwd, i.file))}</b></summary><pre class="fail">${x(`${i.message}\n[${i.code}]`)}</pre></details>`,
  );
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${x(title)}</title><style>${CSS}</style></head>
<body>
<h1>${x(title)}</h1>
<p class="sum">${c.passed} passed · ${c.failed} failed · ${c.errors} error(s)${c.skipped ? ` · ${c.skipped} skipped` : ''}${result.invalid.length ? ` · ${result.invalid.length} invalid file(s)` : ''} · ${formatDuration(result.durationMs)} · stack ${x(result.stackMode)} · ${x(new Date(result.startedAt).toISOString())}</p>
${result.error ? `<pre class="fail">${x(result.error)}</pre>` : ''}
${invalid.join('\n')}
${result.scenarios.map((r) => scenarioSection(r, cwd)).join('\n')}
</body></html>
`;
}

export function htmlReporter(o: { file?: string } = {}): Reporter {
  return {
    name: 'html',
    async onEnd(result, { outDir }) {
      const file = o.file ?? join(outDir, 'report.html');
      await mkdir(join(file, '..'), { recursive: true });
      await writeFile(file, htmlReport(result));
      return [file];
    },
  };
}
