// `twinbench load` on a stack with --device-auth --tls: each virtual device logs in as itself (the
// runner registers the ids the engine asks for), and the engine and the runner trust the stack's CA.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { readLedger, runLoadTest } from '../index.ts';
import { startDeviceRegistrar } from '../run/device-registrar.ts';
import { loadTarget, useLoadStack } from './load-stack.ts';

const SCRIPT = fileURLToPath(new URL('fixtures/short.yml', import.meta.url));

const t = useLoadStack('secure-load', {
  stack: (out) => ({
    mode: 'local',
    security: { pkiDir: path.join(out, 'pki'), deviceAuth: true, tls: true },
  }),
  platform: { auth: { rateLimit: { perTokenPerMinute: 0 } } },
});

describe('twinbench load under device auth and TLS', () => {
  it('runs devices that log in as themselves against an HTTPS platform, none lost', async () => {
    const { stack, platform, out } = t;
    expect(platform.url).toMatch(/^https:/);
    const registered = new Set<string>();
    const lines: string[] = [];
    const run = await runLoadTest({
      script: SCRIPT,
      ...loadTarget(t),
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
    const { stack } = t;
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
