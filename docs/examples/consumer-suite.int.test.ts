// A user's own test suite, as docs/containers.md shows it: broker, database, platform and a 50-device
// fleet in containers from one call, a twin asserted, nothing left behind. It imports only the
// documented module API (stack/index.ts; in a user's project, twinbench's `stack` entry).
import { execFileSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { APP_IMAGES, startTwinbench, type StartedTwinbench } from '../../stack/index.ts';

// CI builds the images (npm run images:local); elsewhere the suite runs once they exist.
const imagesHere = (() => {
  try {
    execFileSync('docker', ['image', 'inspect', APP_IMAGES.platform, APP_IMAGES.simulator], {
      stdio: 'ignore',
    });
    return true;
  } catch {
    return false;
  }
})();

describe.runIf(imagesHere || process.env.CI)('a consumer suite (needs npm run images:local)', () => {
  let tb: StartedTwinbench;

  beforeAll(async () => {
    tb = await startTwinbench({
      fleet: {
        name: 'consumer-example',
        seed: 7,
        groups: [
          { type: 'env_sensor', count: 40, publishIntervalMs: 1000 },
          { type: 'smart_breaker', count: 10, publishIntervalMs: 1000 },
        ],
      },
    });
  });

  afterAll(async () => {
    await tb?.stop();
  });

  it('fleet devices become twins on the platform', async () => {
    const twin = await tb.api.waitForTwin(
      'env-0001',
      (t) => t.online && t.telemetry?.fields.temperature !== undefined,
    );
    expect(twin.device.type).toBe('env_sensor');
    expect(typeof twin.telemetry?.fields.temperature).toBe('number');
    const devices = await tb.api.devices();
    expect(devices).toHaveLength(50);
    const stats = await tb.simulator?.stats();
    expect(stats?.connected).toBe(50);
  });

  it('leaves no container behind', async () => {
    const label = `dev.twinbench.stack=${tb.stack.id}`;
    const running = (): string[] =>
      execFileSync('docker', ['ps', '-aq', '--filter', `label=${label}`], { encoding: 'utf8' })
        .split('\n')
        .filter(Boolean);
    expect(running()).toHaveLength(4); // broker, database, platform, simulator
    await tb.stop();
    expect(running()).toEqual([]);
  });
});
