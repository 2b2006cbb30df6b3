// A scenario fleet with `container: true` runs in the twinbench/simulator image: its devices become
// twins and answer commands as an in-process fleet's do; what needs the fleet in the runner (faults,
// virtual time, loss) is refused with the reason.
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { APP_IMAGES, startStack, type StackMode, type StartedStack } from '../../stack/index.ts';
import { runSuite } from '../index.ts';

const fixture = (name: string) => fileURLToPath(new URL(`./fixtures/${name}`, import.meta.url));
const imageHere = (() => {
  try {
    execFileSync('docker', ['image', 'inspect', APP_IMAGES.simulator], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();

describe.runIf(imageHere || process.env.CI)(
  'fleets in simulator containers (needs npm run images:local)',
  () => {
    let stack: StartedStack;
    beforeAll(async () => {
      stack = await startStack({
        mode: (process.env.TWINBENCH_TEST_STACK as StackMode | undefined) ?? 'auto',
      });
    });
    afterAll(async () => {
      await stack?.stop();
    });

    it('runs a container fleet: twins, a command, history', async () => {
      const r = await runSuite({ paths: [fixture('container-fleet')], stack, reporters: [] });
      const s = r.scenarios[0];
      expect(s?.failures.map((f) => f.message)).toEqual([]);
      expect(r.exitCode).toBe(0);
    });

    it('refuses a fault on a container fleet and says why', async () => {
      const r = await runSuite({ paths: [fixture('container-fleet-fault')], stack, reporters: [] });
      const s = r.scenarios[0];
      expect(s?.status).not.toBe('passed');
      expect(s?.failures[0]?.message).toContain('runs in a container (container: true)');
    });
  },
);
