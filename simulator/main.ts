// The simulator as a process of its own (bundled: the simulator image's entry and each worker of
// `twinbench simulate`, see process/bundle.ts and process/launcher.ts; `node simulator/main.ts` on a host): `node simulator/main.ts '<json WorkerConfig>'`, or
// configuration from TWINBENCH_* environment variables (see simulator/process/worker-config.ts). Loads
// only what it runs: no container tooling, no CLI.
// Alone: stdout has one JSON line {"event":"ready",…}, then {"event":"stats",…} every statsIntervalMs;
// logs on stderr. Forked with an IPC channel (simulator/workers/pool.ts): the same events and the
// parent's requests (advance, backfill, inject, stop) go over the channel instead (messages.ts).
import { SimulatorError } from './errors.ts';
import { loadFleetSpec, parseFleetSpec } from './fleet/load-spec.ts';
import { startFleet } from './fleet/start-fleet.ts';
import type { FleetStats } from './fleet/stats.ts';
import { workerConfigFromEnv, WORKER_DEFAULTS, type WorkerConfig } from './process/worker-config.ts';
import { sendToParent, serveParent } from './workers/worker-side.ts';

const ipc = typeof process.send === 'function';

async function fail(message: string, code?: string): Promise<never> {
  console.error(`simulator: ${message}`);
  if (ipc) await sendToParent({ type: 'fatal', message, ...(code ? { code } : {}) });
  process.exit(2);
}

async function readConfig(): Promise<WorkerConfig> {
  try {
    return process.argv[2]
      ? ({ ...WORKER_DEFAULTS, ...(JSON.parse(process.argv[2]) as Partial<WorkerConfig>) } as WorkerConfig)
      : workerConfigFromEnv(process.env);
  } catch (err) {
    return fail(
      err instanceof SimulatorError ? err.message : `the config is not JSON: ${(err as Error).message}`,
    );
  }
}

const line = (o: Record<string, unknown>): void => void process.stdout.write(JSON.stringify(o) + '\n');
const log = {
  info: (o: object, m: string) => console.error(JSON.stringify({ level: 'info', msg: m, ...o })),
  warn: (o: object, m: string) => console.error(JSON.stringify({ level: 'warn', msg: m, ...o })),
};

// No top-level await: the bundle is CommonJS (simulator/process/bundle.ts).
async function main(): Promise<void> {
  const config = await readConfig();
  const spec =
    'file' in config.fleet
      ? await loadFleetSpec(config.fleet.file)
      : parseFleetSpec(config.fleet.json, 'TWINBENCH_FLEET');
  if (config.seed !== undefined) spec.seed = config.seed;
  const fleet = await startFleet(spec, {
    mqttUrl: config.mqttUrl,
    ...(config.username ? { username: config.username } : {}),
    ...(config.password ? { password: config.password } : {}),
    ...(config.deviceSecret ? { deviceSecret: config.deviceSecret } : {}),
    ...(config.startMs !== undefined ? { startMs: config.startMs } : {}),
    ...(config.speed !== undefined ? { clock: config.speed === 1 ? 'real' : { speed: config.speed } } : {}),
    ...(config.share ? { share: config.share } : {}),
    ...(config.localAddresses?.length ? { localAddresses: config.localAddresses } : {}),
    ...(ipc
      ? {
          onProgress: (stats: FleetStats) => void sendToParent({ type: 'stats', stats }),
          progressIntervalMs: config.statsIntervalMs,
        }
      : {}),
    logger: log,
  });
  let last: FleetStats = fleet.stats();
  // node:http only when asked for: importing it loads undici, http2 and worker_threads too (~12 MB of RSS).
  const server =
    config.httpPort > 0
      ? (await import('node:http'))
          .createServer((req, res) => {
            last = fleet.stats();
            // Healthy while most devices hold their connection (a fleet mid-reconnect storm is not).
            const healthy = req.url === '/stats' || last.connected >= Math.ceil(last.devices / 2);
            res.writeHead(healthy ? 200 : 503, { 'content-type': 'application/json' });
            res.end(JSON.stringify({ status: healthy ? 'ok' : 'degraded', ...last }));
          })
          .listen(config.httpPort, config.httpHost)
      : undefined;
  if (ipc) {
    // Ctrl-C reaches the whole process group: the parent decides when its workers stop.
    process.on('SIGINT', () => undefined);
    serveParent(fleet);
    await sendToParent({ type: 'ready', stats: last, pid: process.pid });
  } else {
    line({
      event: 'ready',
      devices: last.devices,
      connected: last.connected,
      errors: last.errors,
      // Real ms from the fleet's start to every device up: the ramp.
      upMs: last.elapsedMs,
      pid: process.pid,
    });
    const timer = setInterval(() => {
      last = fleet.stats();
      line({ event: 'stats', ...last });
    }, config.statsIntervalMs);
    let stopping = false;
    const stop = async (signal: string): Promise<void> => {
      if (stopping) return;
      stopping = true;
      log.info({ signal }, 'stopping: clean disconnects');
      clearInterval(timer);
      server?.close();
      await fleet.stop();
      line({ event: 'stopped', ...fleet.stats() });
      process.exit(0);
    };
    process.on('SIGTERM', () => void stop('SIGTERM'));
    process.on('SIGINT', () => void stop('SIGINT'));
  }
}

main().catch((err: unknown) => fail((err as Error).message, (err as { code?: string }).code));
