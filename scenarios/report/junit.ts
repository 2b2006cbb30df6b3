import { mkdir, writeFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import type { ScenarioResult, SuiteResult } from '../suite/results.ts';
import type { Reporter } from './reporter.ts';
import { escapeXml as x, seconds } from './text.ts';

function testcase(r: ScenarioResult, classname: string): string {
  const attrs = `classname="${x(classname)}" name="${x(r.name)}" time="${seconds(r.durationMs)}"${r.file ? ` file="${x(r.file)}"` : ''}`;
  const body: string[] = [];
  const first = r.failures[0];
  if (r.status === 'failed' || r.status === 'error') {
    const tag = r.status === 'failed' ? 'failure' : 'error';
    const text = r.failures.map((f) => `${f.message}\n[${f.code}]`).join('\n\n');
    body.push(
      `      <${tag} message="${x(first?.message.split('\n')[0] ?? r.status)}" type="${x(first?.code ?? '')}">${x(text)}</${tag}>`,
    );
  } else if (r.status === 'skipped') body.push('      <skipped/>');
  const out = r.steps
    .map((s) => `${s.status.padEnd(7)} ${s.index + 1}. ${s.label}${s.detail ? ` — ${s.detail}` : ''}`)
    .join('\n');
  body.push(`      <system-out>${x(`prefix ${r.prefix}, database ${r.database}\n${out}`)}</system-out>`);
  if (r.logs) {
    const logs = `--- platform log ---\n${r.logs.platform.join('\n')}\n--- broker log ---\n${r.logs.broker.join('\n')}`;
    body.push(`      <system-err>${x(logs)}</system-err>`);
  }
  return `    <testcase ${attrs}>\n${body.join('\n')}\n    </testcase>`;
}

/** JUnit XML: one testsuite per file, one testcase per scenario (per matrix row), failures in full. */
export function junitXml(result: SuiteResult, cwd = process.cwd()): string {
  const groups = new Map<
    string,
    { cases: string[]; tests: number; failures: number; errors: number; skipped: number; ms: number }
  >();
  const group = (file: string | undefined) => {
    const name = file ? relative(cwd, file) : 'scenarios';
    const g = groups.get(name) ?? { cases: [], tests: 0, failures: 0, errors: 0, skipped: 0, ms: 0 };
    groups.set(name, g);
    return { g, name };
  };
  for (const r of result.scenarios) {
    const { g, name } = group(r.file);
    g.cases.push(testcase(r, name));
    g.tests++;
    g.ms += r.durationMs;
    if (r.status === 'failed') g.failures++;
    if (r.status === 'error') g.errors++;
    if (r.status === 'skipped') g.skipped++;
  }
  for (const inv of result.invalid) {
    const { g, name } = group(inv.file);
    g.tests++;
    g.errors++;
    g.cases.push(
      `    <testcase classname="${x(name)}" name="${x(`${name} (invalid)`)}" time="0">\n      <error message="${x(inv.message.split('\n')[0] ?? '')}" type="${x(inv.code)}">${x(inv.message)}</error>\n    </testcase>`,
    );
  }
  const c = result.counts;
  const suites = [...groups].map(
    ([name, g]) =>
      `  <testsuite name="${x(name)}" tests="${g.tests}" failures="${g.failures}" errors="${g.errors}" skipped="${g.skipped}" time="${seconds(g.ms)}">\n${g.cases.join('\n')}\n  </testsuite>`,
  );
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="twinbench scenarios" tests="${c.total + result.invalid.length}" failures="${c.failed}" errors="${c.errors + result.invalid.length}" skipped="${c.skipped}" time="${seconds(result.durationMs)}" timestamp="${new Date(result.startedAt).toISOString()}">`,
    ...suites,
    '</testsuites>',
    '',
  ].join('\n');
}

export function junitReporter(o: { file?: string } = {}): Reporter {
  return {
    name: 'junit',
    async onEnd(result, { outDir }) {
      const file = o.file ?? join(outDir, 'junit.xml');
      await mkdir(join(file, '..'), { recursive: true });
      await writeFile(file, junitXml(result));
      return [file];
    },
  };
}
