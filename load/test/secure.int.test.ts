// `twinbench load` on a stack with --device-auth --tls: each virtual device logs in as itself (the
// runner registers the ids the engine asks for), and the engine and the runner trust the stack's CA.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  startPlatformProcess,
  startStack,
  type StartedPlatform,
  type StartedStack,
} from '../../stack/index.ts';
import { readLedger, runLoadTest } from '../index.ts';
import { startDeviceRegistrar } from '../run/device-registrar.ts';

const SCRIPT = fileURLToPath(new URL('fixtures/short.yml', import.meta.url));

let stack: StartedStack;
let platform: StartedPlatform;
let out: string;

beforeAll(async () => {
  out = await mkdtemp(path.join(tmpdir(), 'twinbench-secure-load-'));
  stack = await startStack({
    mode: 'local',
    security: { pkiDir: path.join(out, 'pki'), deviceAuth: true, tls: true },
  });
  platform = await startPlatformProcess(stack.info, {
    config: { logLevel: 'warn', auth: { rateLimit: { perTokenPerMinute: 0 } } },
  });
});

afterAll(async () => {
  await platform?.stop();
  await stack?.stop();
  await rm(out, { recursive: true, force: true });
});

describe('twinbench load under device auth and TLS', () => {
  it('runs devices that log in as themselves against an HTTPS platform, none lost', async () => {
    expect(platform.url).toMatch(/^https:/);
    const registered = new Set<string>();
    const lines: string[] = [];
    const run = await runLoadTest({
      script: SCRIPT,
      target: platform.url,
      token: platform.token,
      mqttUrl: stack.info.mqttUrl,
      influx: stack.info.influx,
      outDir: path.join(out, 'reports'),
      idPrefix: 'sec',
      onLine: (l) => lines.push(l),
      deviceAuth: {
        secret: stack.info.mqtt.deviceSecret as string,
        register: async (ids) => {
          for (const id of ids) registered.add(id);
          await stack.addDevices(ids);
        },
      },
      caFile: stack.info.tls?.caFile,
    });
    expect(run.exitCode, lines.slice(-40).join('\n')).toBe(0);
    const ledger = await readLedger(path.join(out, 'reports', 'short.ledger.jsonl'));
    expect(ledger.length).toBeGreaterThan(5);
    // Every device that ran was registered first: it could only have logged in as itself.
    for (const e of ledger) expect(registered.has(e.id), e.id).toBe(true);
    expect(run.loss.lost).toBe(0);
  });

  it("takes only this run's ids", async () => {
    const registrar = await startDeviceRegistrar({
      idPrefix: 'mine',
      mqttUrl: stack.info.mqttUrl,
      secret: stack.info.mqtt.deviceSecret as string,
      register: (ids) => stack.addDevices(ids),
    });
    try {
      const post = (ids: unknown) =>
        fetch(registrar.url, { method: 'POST', body: JSON.stringify({ ids }) }).then((r) => r.status);
      expect(await post(['other-t0-env-00001'])).toBe(403);
      expect(await post([])).toBe(400);
      expect(await post(['mine-t0-env-00001'])).toBe(204);
      expect(registrar.registered).toBe(1);
    } finally {
      await registrar.close();
    }
  });
});
