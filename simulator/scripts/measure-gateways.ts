// Memory of children behind gateways, as a user would measure it: simulator processes of their own
// (only twin/ and simulator/ loaded, the CLI's V8 flag), their RSS read from outside (/proc, what `ps`
// shows) once the fleet is up. Three probes: G gateways × C children, G gateways × 1 child, and G
// directly connected env sensors. Prints whole-process and marginal figures, each labelled; asserts
// nothing. Needs `mosquitto` on the PATH (it starts its own on a free port).
//
//   npx node simulator/scripts/measure-gateways.ts [gateways=1000] [childrenPerGateway=90]
//
// Whole process: RSS / children. Marginal per child: (RSS with C children − RSS with 1) / (G × (C − 1)),
// which leaves out the gateways' connections and the fixed cost. Marginal per connected device, for
// comparison: (RSS with G direct devices − RSS before the first device) / G.
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { createInterface } from 'node:readline';

const MB = 1_048_576;
const KiB = 1024;

/** VmRSS of a process, bytes. */
function rssOf(pid: number): number {
  const kb = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
  return Number(kb ?? 0) * 1024;
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as { port: number }).port;
  await new Promise((r) => server.close(r));
  return port;
}

/** Probe mode: build the fleet, say `fixed` before it and `ready` once it is up, then wait to be killed. */
async function probe(mode: string, gateways: number, children: number, url: string): Promise<void> {
  const sim = await import('../index.ts');
  await new Promise((r) => setTimeout(r, 500));
  console.log('fixed');
  await new Promise((r) => setTimeout(r, 500));
  const spec =
    mode === 'direct'
      ? { seed: 1, rampUpPerSecond: 2000, groups: [{ type: 'env_sensor' as const, count: gateways }] }
      : {
          seed: 1,
          rampUpPerSecond: 2000,
          groups: [],
          gateways: [{ count: gateways, children: { type: 'env_sensor' as const, count: children } }],
        };
  const t0 = performance.now();
  const fleet = await sim.startFleet(spec, { mqttUrl: url });
  const upS = (performance.now() - t0) / 1000;
  await new Promise((r) => setTimeout(r, 5000)); // let the first batches go out
  const s = fleet.stats();
  console.log(
    `ready ${JSON.stringify({ devices: s.devices, connected: s.connected, errors: s.errors, upS })}`,
  );
  await new Promise((r) => setTimeout(r, 60_000));
}

interface ProbeResult {
  fixed: number;
  ready: number;
  stats: { devices: number; connected: number; errors: number; upS: number };
}

async function runProbe(mode: string, gateways: number, children: number, url: string): Promise<ProbeResult> {
  const child = spawn(
    process.execPath,
    [
      '--max-semi-space-size=8',
      new URL(import.meta.url).pathname,
      '--probe',
      mode,
      String(gateways),
      String(children),
      url,
    ],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  let fixed = 0;
  for await (const line of createInterface({ input: child.stdout })) {
    if (line === 'fixed') fixed = rssOf(child.pid ?? 0);
    if (line.startsWith('ready ')) {
      const ready = rssOf(child.pid ?? 0);
      child.kill();
      return { fixed, ready, stats: JSON.parse(line.slice(6)) as ProbeResult['stats'] };
    }
  }
  throw new Error(`probe ${mode} ${gateways}×${children} ended without a figure (see above)`);
}

if (process.argv[2] === '--probe') {
  const [, , , mode = 'gateways', g = '1', c = '1', url = ''] = process.argv;
  await probe(mode, Number(g), Number(c), url);
  process.exit(0);
}

const gateways = Number(process.argv[2] ?? 1000);
const perGateway = Number(process.argv[3] ?? 90);
const port = await freePort();
const broker = spawn('mosquitto', ['-p', String(port)], { stdio: 'ignore' });
const url = `mqtt://127.0.0.1:${port}`;
await new Promise((r) => setTimeout(r, 500));
try {
  const full = await runProbe('gateways', gateways, perGateway, url);
  const one = await runProbe('gateways', gateways, 1, url);
  const direct = await runProbe('direct', gateways, 0, url);
  const kids = gateways * perGateway;
  console.log(
    `whole process: ${(full.ready / MB).toFixed(0)} MB RSS for ${gateways} gateways (${full.stats.connected} connected) × ${perGateway} children = ${(full.ready / kids / KiB).toFixed(2)} KiB per child (fleet up in ${full.stats.upS.toFixed(1)} s, ${full.stats.errors} errors)`,
  );
  console.log(
    `  fixed RSS before the first device (Node + twin/ + simulator/): ${(full.fixed / MB).toFixed(1)} MB`,
  );
  console.log(
    `marginal per child: ${((full.ready - one.ready) / (gateways * (perGateway - 1)) / KiB).toFixed(2)} KiB (${gateways} × ${perGateway} vs ${gateways} × 1 children, same gateways)`,
  );
  console.log(
    `marginal per connected device, for comparison: ${((direct.ready - direct.fixed) / gateways / KiB).toFixed(2)} KiB (${gateways} env sensors, each on its own MQTT connection)`,
  );
} finally {
  broker.kill();
}
process.exit(0);
