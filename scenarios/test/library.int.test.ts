// `npm test` runs the library's quick scenarios (all of them: `npm run scenarios`). Reports go to
// reports/scenarios-quick/ (junit.xml, report.html) for CI to keep.
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { StackMode } from '../../stack/index.ts';
import { runSuite } from '../index.ts';

const LIBRARY = fileURLToPath(new URL('../library', import.meta.url));

describe('the scenario library', () => {
  it('passes its quick scenarios', { timeout: 240_000 }, async () => {
    const r = await runSuite({
      paths: [LIBRARY],
      tags: ['quick'],
      stack: (process.env.TWINBENCH_TEST_STACK as StackMode | undefined) ?? 'auto',
      parallel: 2,
      reporters: ['junit', 'html'],
      outDir: 'reports/scenarios-quick',
    });
    const problems = [
      ...r.invalid.map((i) => i.message),
      ...r.scenarios.flatMap((s) => s.failures.map((f) => `${s.name}:\n${f.message}`)),
      ...(r.error ? [r.error] : []),
    ];
    expect(problems).toEqual([]);
    expect(r.counts.total).toBeGreaterThanOrEqual(7);
    expect(r.exitCode).toBe(0);
  });
});
