// The lab's compose file, brought up as a lab would (docker-compose, host networking, volumes) on free
// ports of this machine's loopback, probed on /health with a simulated fleet, then taken down with its volumes.
import { promisify } from 'node:util';
import { execFile, execFileSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { APP_IMAGES, freePort, TwinbenchApi } from '../stack/index.ts';

// CI installs docker-compose and builds the images; elsewhere the test runs once both exist.
const ready = (() => {
  try {
    execFileSync('docker-compose', ['version'], { stdio: 'ignore' });
    execFileSync('docker', ['image', 'inspect', APP_IMAGES.platform, APP_IMAGES.simulator], {
      stdio: 'ignore',
    });
    return true;
  } catch {
    return false;
  }
})();

const run = promisify(execFile);
const project = `tb-lab-test-${process.pid}`;
const file = new URL('./compose.yaml', import.meta.url).pathname;
let env: NodeJS.ProcessEnv;

async function compose(...args: string[]): Promise<string> {
  const { stdout } = await run('docker-compose', ['-p', project, '-f', file, ...args], {
    env,
    timeout: 120_000,
  });
  return stdout;
}

describe.runIf(ready || process.env.CI)(
  'the lab compose file (needs docker-compose and npm run images:local)',
  () => {
    beforeAll(async () => {
      env = {
        ...process.env,
        TWINBENCH_MQTT_PORT: String(await freePort()),
        TWINBENCH_INFLUX_PORT: String(await freePort()),
        TWINBENCH_INFLUX_RPC_PORT: String(await freePort()),
        TWINBENCH_HTTP_PORT: String(await freePort()),
        TWINBENCH_SIM_HTTP_PORT: String(await freePort()),
        TWINBENCH_RETENTION: '30d',
      };
      await compose('--profile', 'sim', 'up', '-d');
    });

    afterAll(async () => {
      await compose('--profile', 'sim', 'down', '-v', '--remove-orphans');
    });

    it('brings the lab up: platform healthy, the fleet’s devices become twins, retention applied', async () => {
      const api = new TwinbenchApi(`http://127.0.0.1:${env.TWINBENCH_HTTP_PORT}`);
      const deadline = Date.now() + 90_000;
      let health: Awaited<ReturnType<TwinbenchApi['health']>> | undefined;
      while (Date.now() < deadline) {
        health = await api.health().catch(() => undefined);
        if (health?.status === 'ok' && (await api.devices()).length === 54) break;
        await new Promise((r) => setTimeout(r, 500));
      }
      expect(health?.status).toBe('ok');
      expect(await api.devices()).toHaveLength(54);
      const rp = await fetch(
        `http://127.0.0.1:${env.TWINBENCH_INFLUX_PORT}/query?q=${encodeURIComponent('SHOW RETENTION POLICIES ON twinbench')}`,
      ).then((r) => r.text());
      expect(rp).toContain('"lab","720h0m0s"');
    });
  },
);
