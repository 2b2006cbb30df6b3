import type { SuiteResult } from '../suite/results.ts';

const T0 = Date.UTC(2026, 0, 1);

/** A suite result with one passing and one failing scenario (with samples, events and logs) and an invalid file. */
export function sampleSuite(): SuiteResult {
  return {
    startedAt: T0,
    durationMs: 12_345,
    stackMode: 'local',
    invalid: [
      {
        file: '/repo/scenarios/library/bad.yaml',
        code: 'TB_ERR_SCENARIOS_SCHEMA',
        message: 'bad.yaml:3:9: expected a duration, got "soon"',
      },
    ],
    counts: { total: 2, passed: 1, failed: 1, errors: 0, skipped: 0 },
    exitCode: 1,
    reports: [],
    scenarios: [
      {
        key: 'ok',
        name: 'a passing scenario',
        file: '/repo/scenarios/library/ok.yaml',
        tags: ['quick'],
        status: 'passed',
        startedAt: T0,
        durationMs: 2_000,
        timelineStart: T0,
        prefix: 'ab12-1-',
        database: 'tb_ab12_1',
        steps: [
          {
            index: 0,
            label: 'note hi',
            kind: 'note',
            status: 'passed',
            startedAt: T0,
            endedAt: T0,
            detail: 'hi',
          },
        ],
        failures: [],
        events: [{ t: T0, source: 'action', text: 'step 1: hi' }],
      },
      {
        key: 'bad <&> "x"',
        name: 'breaker trips <fast> & "loud"',
        file: '/repo/scenarios/library/breaker.yaml',
        tags: ['breaker'],
        status: 'failed',
        startedAt: T0,
        durationMs: 5_000,
        timelineStart: T0,
        prefix: 'ab12-2-',
        database: 'tb_ab12_2',
        steps: [
          {
            index: 0,
            label:
              'eventually twin ab12-2-brk-01 telemetry.fields.breaker_state equals "tripped" (within 2s)',
            kind: 'eventually',
            status: 'failed',
            startedAt: T0 + 1_000,
            endedAt: T0 + 3_000,
            expectation: {
              mode: 'eventually',
              kind: 'twin',
              condition: 'twin ab12-2-brk-01 telemetry.fields.breaker_state equals "tripped"',
              title: 'eventually twin … (within 2s)',
              status: 'failed',
              startedAt: T0 + 1_000,
              endedAt: T0 + 3_000,
              windowMs: 2_000,
              reason: 'not true after 2s: actual "closed"',
              samples: [
                { t: T0 + 1_000, ok: false, actual: 'closed' },
                { t: T0 + 2_000, ok: false, actual: 'closed' },
                { t: T0 + 3_000, ok: false, actual: 'closed' },
              ],
            },
          },
          {
            index: 1,
            label: 'history',
            kind: 'eventually',
            status: 'passed',
            startedAt: T0 + 3_000,
            endedAt: T0 + 3_500,
            expectation: {
              mode: 'eventually',
              kind: 'history',
              condition: 'max of current_a',
              title: 'eventually max of current_a > 40 (within 5s)',
              status: 'passed',
              startedAt: T0 + 3_000,
              endedAt: T0 + 3_500,
              windowMs: 5_000,
              samples: [{ t: T0 + 3_000, ok: true, actual: 96 }],
              series: [
                [T0, 10],
                [T0 + 500, 96],
              ],
            },
          },
        ],
        failures: [
          {
            stepIndex: 0,
            code: 'TB_ERR_SCENARIOS_EXPECTATION_FAILED',
            kind: 'failed',
            at: T0 + 3_000,
            message:
              'eventually twin … (within 2s)\n  not true after 2s: actual "closed"\n  events before:\n    +0ms action <inject> & go',
          },
        ],
        events: [{ t: T0 + 500, source: 'twin', text: 'ab12-2-brk-01 telemetry {"a":"<b>"}' }],
        logs: { platform: ['{"level":40,"msg":"<warn> & co"}'], broker: ['mosquitto \u0001 started'] },
      },
    ],
  };
}

/** A strict-enough XML well-formedness check: one root, balanced tags, quoted attributes, known entities. */
export function xmlProblems(xml: string): string[] {
  const problems: string[] = [];
  const body = xml.replace(/^<\?xml[^?]*\?>\s*/, '');
  const stack: string[] = [];
  let roots = 0;
  const tag =
    /<(\/?)([A-Za-z_][\w.-]*)((?:\s+[A-Za-z_:][\w.:-]*="[^"<]*")*)\s*(\/?)>|<|&(?!(amp|lt|gt|quot|apos|#\d+);)/g;
  for (const m of body.matchAll(tag)) {
    if (m[0] === '<') {
      problems.push(`bad markup at ${m.index}: ${body.slice(m.index, m.index + 30)}`);
      continue;
    }
    if (m[0].startsWith('&')) {
      problems.push(`bare & at ${m.index}`);
      continue;
    }
    const [, close, name, , selfClose] = m;
    if (close) {
      if (stack.pop() !== name) problems.push(`unbalanced </${name}> at ${m.index}`);
    } else if (!selfClose) {
      if (stack.length === 0) roots++;
      stack.push(name as string);
    } else if (stack.length === 0) roots++;
  }
  if (stack.length) problems.push(`unclosed: ${stack.join(', ')}`);
  if (roots !== 1) problems.push(`${roots} root elements`);
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u0008\u000B\u000C\u000E-\u001F]/.test(xml)) problems.push('control characters');
  return problems;
}
