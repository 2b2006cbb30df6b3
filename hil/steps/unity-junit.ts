/**
 * Unity runs as JUnit XML: one `<testsuite>` per run (board and step), one `<testcase>` per Unity
 * test (`classname` = its source file), FAIL as `<failure>`, IGNORE as `<skipped>`.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { UnityRun } from './hil-session.ts';

const x = (s: string) =>
  s.replace(
    /[<>&"']/g,
    (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;', "'": '&apos;' })[c]!,
  );

export function unityJUnitXml(runs: readonly UnityRun[]): string {
  const suites = runs.map((run) => {
    const r = run.result;
    const cases = r.cases.map((c) => {
      const attrs = `classname="${x(c.file)}" name="${x(c.name)}" file="${x(c.file)}" line="${c.line}"`;
      if (c.status === 'PASS') return `    <testcase ${attrs}/>`;
      if (c.status === 'IGNORE')
        return `    <testcase ${attrs}>\n      <skipped${c.message ? ` message="${x(c.message)}"` : ''}/>\n    </testcase>`;
      const msg = c.message ?? 'FAIL';
      return `    <testcase ${attrs}>\n      <failure message="${x(msg)}" type="unity">${x(`${c.file}:${c.line}: ${msg}`)}</failure>\n    </testcase>`;
    });
    return `  <testsuite name="${x(`${run.dut}: ${run.step}`)}" tests="${r.tests}" failures="${r.failures}" errors="0" skipped="${r.ignored}" timestamp="${new Date(run.at).toISOString()}">\n${cases.join('\n')}\n  </testsuite>`;
  });
  return `<?xml version="1.0" encoding="UTF-8"?>\n<testsuites>\n${suites.join('\n')}\n</testsuites>\n`;
}

export async function writeUnityJUnit(runs: readonly UnityRun[], path: string): Promise<string> {
  await mkdir(dirname(path), { recursive: true });
  await writeFile(path, unityJUnitXml(runs));
  return path;
}
