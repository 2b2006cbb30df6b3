// What per-device broker credentials cost the simulator: the same fleet (default 10,000 devices) on a
// broker without auth, then on one with device auth (a password file of every device, the device ACL),
// each device logging in as itself with its derived password. Ramp (connections/s) and marginal memory
// per device (RSS growth inside a fresh process after a warm-up), side by side in one run. Asserts nothing.
//
//   npx node --expose-gc --max-semi-space-size=8 simulator/scripts/measure-credentials.ts [devices=10000] [rampPerSecond=2000]
//
// Timing depends on the machine's load: compare the two lines of one run, not runs on different days. The
// broker's CPU time per connection (from /proc) depends little on load: it is the figure to compare when the
// machine is busy.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { newDeviceSecret } from '../../runtime/index.ts';
import { startStack } from '../../stack/index.ts';
import { buildIdentities, startFleet, type FleetSpec } from '../index.ts';

const devices = Number(process.argv[2] ?? 10_000);
const ramp = Number(process.argv[3] ?? 2000);
const gc = (globalThis as { gc?: () => void }).gc ?? (() => undefined);
const KiB = 1024;

const third = Math.floor(devices / 3);
const spec: FleetSpec = {
  name: 'credentials',
  seed: 1,
  rampUpPerSecond: ramp,
  groups: [
    { type: 'smart_breaker', count: devices - 2 * third },
    { type: 'env_sensor', count: third },
    { type: 'camera', count: third },
  ].filter((g) => g.count > 0),
};
const warmSpec: FleetSpec = { seed: 2, groups: [{ type: 'env_sensor', count: 20, idPattern: 'warm-{n}' }] };

/** CPU time a process used so far (user + system), ms: what the broker spent, whatever the machine's load. */
function cpuMs(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
  const ticks = Number(fields[11]) + Number(fields[12]); // utime, stime (fields 14 and 15 of stat)
  return (ticks * 1000) / 100; // USER_HZ is 100 on Linux
}

async function settledRss(): Promise<number> {
  for (let i = 0; i < 3; i++) {
    gc();
    await new Promise((r) => setTimeout(r, 200));
  }
  return process.memoryUsage().rss;
}

async function measure(auth: boolean): Promise<void> {
  const secret = newDeviceSecret();
  const ids = [...buildIdentities(spec), ...buildIdentities(warmSpec)].map((d) => d.id);
  const t0 = performance.now();
  const stack = await startStack({
    mode: 'local',
    ...(auth ? { broker: { deviceAuth: { secret, deviceIds: ids } } } : {}),
  });
  const stackMs = performance.now() - t0;
  const login = auth ? { deviceSecret: secret } : {};
  try {
    const warm = await startFleet(warmSpec, { mqttUrl: stack.mqttUrl, ...login });
    await warm.stop();
    const base = await settledRss();
    const brokerPid = Number(stack.service('mosquitto').info.id);
    const cpu0 = cpuMs(brokerPid);
    const t1 = performance.now();
    const fleet = await startFleet(spec, { mqttUrl: stack.mqttUrl, ...login });
    const rampMs = performance.now() - t1;
    const brokerCpuMs = cpuMs(brokerPid) - cpu0;
    const s = fleet.stats();
    await new Promise((r) => setTimeout(r, 10_000));
    const held = await settledRss();
    const audit = stack.brokerAudit();
    console.log(
      `${auth ? 'per-device credentials' : 'no credentials        '}: ${s.connected}/${devices} up in ${(rampMs / 1000).toFixed(1)} s = ${((s.connected * 1000) / rampMs).toFixed(0)} connections/s (asked ${ramp}/s), errors ${s.errors}; broker CPU ${((brokerCpuMs * 1000) / devices).toFixed(0)} µs per connection; marginal ${((held - base) / devices / KiB).toFixed(1)} KiB RSS per device; stack up in ${(stackMs / 1000).toFixed(1)} s${auth ? `; broker refusals ${audit.refusedConnections}` : ''}`,
    );
    await fleet.stop();
  } finally {
    await stack.stop();
  }
}

// Each case in a process of its own: a second fleet in one process reuses the first one's heap, and its
// RSS growth would say nothing.
const which = process.argv[4];
if (which === 'plain' || which === 'auth') {
  await measure(which === 'auth');
} else {
  console.log(
    `the same ${devices}-device fleet, each case in a fresh process (marginal memory: RSS growth after a warm-up, not whole-process):`,
  );
  const self = fileURLToPath(import.meta.url);
  for (const c of ['plain', 'auth']) {
    spawnSync(process.execPath, [...process.execArgv, self, String(devices), String(ramp), c], {
      stdio: 'inherit',
    });
  }
}
