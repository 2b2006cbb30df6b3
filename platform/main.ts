// The platform process: `node platform/main.ts '<json config>'` (or TWINBENCH_PLATFORM_CONFIG).
// Prints one JSON line {"event":"ready",...} on stdout when it serves; logs go to stderr.
import pino from 'pino';
import { startPlatform } from './app.ts';
import { parsePlatformConfig, resolveOptions } from './options.ts';

const raw = process.argv[2] ?? process.env.TWINBENCH_PLATFORM_CONFIG;
if (!raw) {
  console.error(
    'platform/main.ts needs its config as JSON: node platform/main.ts \'{"mqtt":{"url":…},"influx":{"url":…,"db":…}}\' (see docs/platform.md).',
  );
  process.exit(2);
}
let config;
try {
  config = parsePlatformConfig(JSON.parse(raw));
} catch (err) {
  console.error(`platform: ${(err as Error).message}`);
  process.exit(2);
}
const log = pino({ level: resolveOptions(config).logLevel }, pino.destination(2));
try {
  const platform = await startPlatform({ ...config, logger: log });
  process.stdout.write(
    JSON.stringify({
      event: 'ready',
      url: platform.url,
      pid: process.pid,
      restored: platform.app.history.restoreReport,
    }) + '\n',
  );
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, 'stopping');
    await platform.close();
    process.exit(0);
  };
  process.on('SIGTERM', () => void stop('SIGTERM'));
  process.on('SIGINT', () => void stop('SIGINT'));
} catch (err) {
  log.fatal({ err }, 'platform failed to start');
  console.error(`platform: ${(err as Error).message}`);
  process.exit(1);
}
