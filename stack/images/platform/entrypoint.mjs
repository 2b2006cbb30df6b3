// The platform image's entry: the platform's JSON config from environment variables (the container
// convention) and an optional file, then platform/main.ts as is. Plain JS: it runs before anything else.
import { readFileSync } from 'node:fs';

const env = process.env;
const fromFile = env.TWINBENCH_PLATFORM_CONFIG_FILE
  ? JSON.parse(readFileSync(env.TWINBENCH_PLATFORM_CONFIG_FILE, 'utf8'))
  : {};
const fromJson = env.TWINBENCH_PLATFORM_CONFIG ? JSON.parse(env.TWINBENCH_PLATFORM_CONFIG) : {};
const config = { ...fromFile, ...fromJson };
const set = (path, value) => {
  if (value === undefined || value === '') return;
  let o = config;
  for (const key of path.slice(0, -1)) o = o[key] ??= {};
  o[path.at(-1)] = value;
};
set(['mqtt', 'url'], env.TWINBENCH_MQTT_URL);
set(['mqtt', 'username'], env.TWINBENCH_MQTT_USERNAME);
set(['mqtt', 'password'], env.TWINBENCH_MQTT_PASSWORD);
set(['influx', 'url'], env.TWINBENCH_INFLUX_URL);
set(['influx', 'db'], env.TWINBENCH_INFLUX_DB);
if (env.TWINBENCH_INFLUX_USERNAME) {
  set(['influx', 'auth'], {
    username: env.TWINBENCH_INFLUX_USERNAME,
    password: env.TWINBENCH_INFLUX_PASSWORD ?? '',
  });
}
set(['http', 'host'], env.TWINBENCH_HTTP_HOST);
if (env.TWINBENCH_HTTP_PORT) set(['http', 'port'], Number(env.TWINBENCH_HTTP_PORT));
set(['logLevel'], env.TWINBENCH_LOG_LEVEL);
// API tokens (docs/security.md): a mounted token file, or TWINBENCH_AUTH=off to run open on purpose.
if (env.TWINBENCH_AUTH === 'off') config.auth = 'off';
else if (env.TWINBENCH_TOKEN_FILE)
  config.auth = {
    ...(typeof config.auth === 'object' ? config.auth : {}),
    tokenFile: env.TWINBENCH_TOKEN_FILE,
  };
if (!config.mqtt?.url || !config.influx?.url) {
  console.error(
    'platform image: set TWINBENCH_MQTT_URL and TWINBENCH_INFLUX_URL (and TWINBENCH_INFLUX_DB, default twinbench), or mount a JSON config and set TWINBENCH_PLATFORM_CONFIG_FILE. See docs/containers.md.',
  );
  process.exit(2);
}
config.influx.db ??= 'twinbench';
process.env.TWINBENCH_PLATFORM_CONFIG = JSON.stringify(config);
// platform/main.ts reads the config from argv[2] first: keep argv clean.
process.argv.length = 2;
await import('/app/platform/main.ts');
