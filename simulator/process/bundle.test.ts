import { stat } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { simulatorEntry } from './bundle.ts';

describe('the simulator process entry', () => {
  it('is main.ts bundled into one file, built once and reused while its inputs are unchanged', async () => {
    const first = await simulatorEntry({});
    expect(first).toMatchObject({ bundled: true });
    expect(first.path).toMatch(/node_modules\/\.cache\/twinbench\/simulator-main-[0-9a-f]{12}\.cjs$/);
    const built = (await stat(first.path)).mtimeMs;
    const again = await simulatorEntry({});
    expect(again.path).toBe(first.path);
    expect((await stat(again.path)).mtimeMs).toBe(built);
  });

  it('is main.ts itself when bundling is turned off', async () => {
    const e = await simulatorEntry({ TWINBENCH_SIM_BUNDLE: '0' });
    expect(e).toMatchObject({ bundled: false, why: 'TWINBENCH_SIM_BUNDLE=0' });
    expect(e.path).toMatch(/simulator\/main\.ts$/);
  });
});
