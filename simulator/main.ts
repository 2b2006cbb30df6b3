// The simulator as a process of its own (the simulator image's entry, and `node simulator/main.ts` on a
// host): `node simulator/main.ts '<json WorkerConfig>'`, or configuration from TWINBENCH_* environment
// variables (see simulator/process/worker-config.ts). Loads only what it runs: no container tooling.
// stdout: one JSON line {"event":"ready",…}, then {"event":"stats",…} every statsIntervalMs; logs on stderr.
import { createServer } from 'node:http';
import { SimulatorError } from './errors.ts';
import { loadFleetSpec, parseFleetSpec } from './fleet/load-spec.ts';
import { startFleet } from './fleet/start-fleet.ts';
import type { FleetStats } from './fleet/stats.ts';
import { workerConfigFromEnv, WORKER_DEFAULTS, type WorkerConfig } from './process/worker-config.ts';

function fail(message: string): never {
  console.error(`simulator: ${message}`);
  process.exit(2);
}

let config: WorkerConfig;
try {
  config = process.argv[2]
    ? ({ ...WORKER_DEFAULTS, ...(JSON.parse(process.argv[2]) as Partial<WorkerConfig>) } as WorkerConfig)
    : workerConfigFromEnv(process.env);
} catch (err) {
  fail(err instanceof SimulatorError ? err.message : `the config is not JSON: ${(err as Error).message}`);
}

const line = (o: Record<string, unknown>): void => void process.stdout.write(JSON.stringify(o) + '\n');
const log = {
  info: (o: object, m: string) => console.error(JSON.stringify({ level: 'info', msg: m, ...o })),
  warn: (o: object, m: string) => console.error(JSON.stringify({ level: 'warn', msg: m, ...o })),
};

try {
  const spec =
    'file' in config.fleet
      ? await loadFleetSpec(config.fleet.file)
      : parseFleetSpec(config.fleet.json, 'TWINBENCH_FLEET');
  if (config.seed !== undefined) spec.seed = config.seed;
  const fleet = await startFleet(spec, {
    mqttUrl: config.mqttUrl,
    ...(config.username ? { username: config.username } : {}),
    ...(config.password ? { password: config.password } : {}),
    ...(config.startMs !== undefined ? { startMs: config.startMs } : {}),
    ...(config.speed !== undefined ? { clock: config.speed === 1 ? 'real' : { speed: config.speed } } : {}),
    logger: log,
  });
  let last: FleetStats = fleet.stats();
  const server =
    config.httpPort > 0
      ? createServer((req, res) => {
          last = fleet.stats();
          // Healthy while most devices hold their connection (a fleet mid-reconnect storm is not).
          const healthy = req.url === '/stats' || last.connected >= Math.ceil(last.devices / 2);
          res.writeHead(healthy ? 200 : 503, { 'content-type': 'application/json' });
          res.end(JSON.stringify({ status: healthy ? 'ok' : 'degraded', ...last }));
        }).listen(config.httpPort, config.httpHost)
      : undefined;
  line({ event: 'ready', devices: last.devices, connected: last.connected, pid: process.pid });
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
} catch (err) {
  fail((err as Error).message);
}
