// Where a simulator process's memory goes, step by step: RSS of this very process (what `ps` shows) after
// Node starts, after importing twin/, after importing simulator/, then with N devices connected to a
// broker. Imports nothing else (no stack/: it starts a mosquitto of its own unless given a URL), so the
// figures are the simulator's alone. Prints figures, asserts nothing.
//
//   npx node --max-semi-space-size=8 [--expose-gc] simulator/scripts/memory-probe.ts [devices=10000] [mqtt://host:port]
//
// With --expose-gc each step also shows RSS after a full GC (steadier from run to run; a process left
// alone gets there on its own). Last line: one JSON object with every figure in bytes (measure-scale.ts reads it).
import { spawn } from 'node:child_process';
import { createServer } from 'node:net';

const devices = Number(process.argv[2] ?? 10_000);
const MB = 1_048_576;
const steps: Record<string, number> = {};

const gc = (globalThis as { gc?: () => void }).gc;

/** RSS now, and (with --expose-gc) after a full GC, which is what the process settles to. */
async function step(name: string): Promise<void> {
  await new Promise((r) => setTimeout(r, 300));
  const m = process.memoryUsage();
  steps[name] = m.rss;
  let settled = '';
  if (gc) {
    gc();
    await new Promise((r) => setTimeout(r, 300));
    const after = process.memoryUsage();
    steps[`${name} (after GC)`] = after.rss;
    settled = `, after a full GC ${(after.rss / MB).toFixed(1)} MB (heap ${(after.heapUsed / MB).toFixed(1)} used of ${(after.heapTotal / MB).toFixed(1)} MB)`;
  }
  console.log(
    `${name.padEnd(24)} rss ${(m.rss / MB).toFixed(1)} MB (V8 heap ${(m.heapUsed / MB).toFixed(1)} used of ${(m.heapTotal / MB).toFixed(1)} MB, external ${(m.external / MB).toFixed(1)} MB)${settled}`,
  );
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as { port: number }).port;
  await new Promise((r) => server.close(r));
  return port;
}

async function ownBroker(): Promise<{ url: string; stop: () => void }> {
  const port = await freePort();
  const child = spawn('mosquitto', ['-p', String(port)], { stdio: 'ignore' });
  const url = `mqtt://127.0.0.1:${port}`;
  for (let i = 0; i < 100; i++) {
    const up = await new Promise<boolean>((resolve) => {
      import('node:net')
        .then(({ connect }) => {
          const s = connect(port, '127.0.0.1', () => (s.destroy(), resolve(true)));
          s.on('error', () => resolve(false));
        })
        .catch(() => resolve(false));
    });
    if (up) return { url, stop: () => void child.kill() };
    await new Promise((r) => setTimeout(r, 100));
  }
  child.kill();
  throw new Error('mosquitto did not start (is it on the PATH?)');
}

await step('node started');
await import('../../twin/index.ts');
await step('twin/ imported');
const sim = await import('../index.ts');
await step('simulator/ imported');

const broker = process.argv[3] ? { url: process.argv[3], stop: () => undefined } : await ownBroker();
try {
  const third = Math.floor(devices / 3);
  const one = await sim.startFleet(
    { name: 'one', seed: 2, groups: [{ type: 'env_sensor', count: 1, idPattern: 'probe-one' }] },
    { mqttUrl: broker.url },
  );
  await step('1 device connected');
  await one.stop();
  const fleet = await sim.startFleet(
    {
      name: 'probe',
      seed: 1,
      rampUpPerSecond: 2000,
      groups: [
        { type: 'smart_breaker', count: devices - 2 * third },
        { type: 'env_sensor', count: third },
        { type: 'camera', count: third },
      ],
    },
    { mqttUrl: broker.url },
  );
  const s = fleet.stats();
  await new Promise((r) => setTimeout(r, 10_000));
  await step(`${devices} devices connected`);
  console.log(`  ${s.connected}/${devices} connected, ${s.errors} errors`);
  await fleet.stop();
  console.log(JSON.stringify({ devices, connected: s.connected, errors: s.errors, rssBytes: steps }));
} finally {
  broker.stop();
}
process.exit(0);
