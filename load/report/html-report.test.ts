import { describe, expect, it } from 'vitest';
import { lineChart, renderHtmlReport, type ArtilleryJson } from './html-report.ts';

const period = (at: number, sent: number, p99: number) => ({
  period: at,
  firstMetricAt: at,
  lastMetricAt: at + 10_000,
  counters: { 'twinbench.telemetry.sent': sent, 'twinbench.twin.updates': sent },
  summaries: { 'twinbench.publish_to_twin': { p50: p99 / 4, p95: p99 / 2, p99, count: sent } },
});

const report: ArtilleryJson = {
  aggregate: {
    counters: { 'twinbench.telemetry.sent': 3000 },
    summaries: { 'twinbench.publish_to_twin': { min: 1, p50: 5, p95: 20, p99: 40, max: 90, count: 3000 } },
  },
  intermediate: [period(0, 1000, 30), period(10_000, 1000, 40), period(20_000, 1000, 50)],
};

describe('the HTML report', () => {
  it('draws latency and throughput over time from artillery periods', () => {
    const html = renderHtmlReport({
      title: 'Load test t',
      script: 't.yml',
      target: 'http://x',
      reports: [report],
      checks: [['ok: a < 1', 'fail: b < 2']],
      exitCode: 1,
    });
    expect(html).toContain('Publish → twin latency');
    expect(html).toContain('Throughput');
    // p50, p95, p99 lines of latency, sent and twin updates of throughput: one path each
    expect(html.match(/<path d="M/g)?.length).toBe(5);
    expect(html).toContain('<li class="bad">fail: b &lt; 2</li>');
    expect(html).toContain('FAILED');
  });

  it('places points by time and value', () => {
    const svg = lineChart('t', 'ms', [
      {
        name: 's',
        color: '#000',
        points: [
          [0, 0],
          [10, 100],
        ],
      },
    ]);
    expect(svg).toMatch(/<path d="M56\.0,192\.0 L710\.0,[0-9.]+"/);
    expect(lineChart('t', 'ms', [{ name: 's', color: '#000', points: [] }])).toContain('no data');
  });
});
