import { InfluxClient } from '../influx/influx-client.ts';
import { waitUntil } from '../readiness.ts';
import type { ResolvedOptions } from './mode.ts';

/**
 * influxd's cache-snapshot-memory-size in every stack, bytes. InfluxDB's 25 MB default writes the cache
 * out every few seconds once there are many series: at 100,000 series and 10,000 points/s that cost
 * influxd 138 µs of CPU a point, 78 µs with 256 MB (bench/scale-influx-write.ts, docs/scale.md). More
 * memory for influxd, half the CPU.
 */
export const INFLUX_CACHE_SNAPSHOT_BYTES = 256 * 1024 * 1024;

/**
 * The cache-snapshot-memory-size a stack started with this environment gives influxd, as influxd reads
 * it (bytes, or a size such as `64m`): INFLUXDB_DATA_CACHE_SNAPSHOT_MEMORY_SIZE, else the default above.
 */
export function influxCacheSnapshotSize(env: Record<string, string | undefined> = process.env): string {
  return env.INFLUXDB_DATA_CACHE_SNAPSHOT_MEMORY_SIZE || String(INFLUX_CACHE_SNAPSHOT_BYTES);
}

/** influxd settings as INFLUXDB_* variables: the same for a local process and both container images. */
export function influxEnv(o: {
  httpBind: string;
  rpcBind: string;
  dataRoot?: string;
  auth: boolean;
}): Record<string, string> {
  const env: Record<string, string> = {
    INFLUXDB_HTTP_BIND_ADDRESS: o.httpBind,
    INFLUXDB_BIND_ADDRESS: o.rpcBind,
    INFLUXDB_REPORTING_DISABLED: 'true',
    INFLUXDB_HTTP_LOG_ENABLED: 'false',
    INFLUXDB_DATA_QUERY_LOG_ENABLED: 'false',
    INFLUXDB_HTTP_AUTH_ENABLED: o.auth ? 'true' : 'false',
    // Large batches from the platform's history writer.
    INFLUXDB_HTTP_MAX_BODY_SIZE: '0',
    INFLUXDB_DATA_MAX_VALUES_PER_TAG: '0',
    INFLUXDB_DATA_MAX_SERIES_PER_DATABASE: '0',
    INFLUXDB_DATA_CACHE_SNAPSHOT_MEMORY_SIZE: influxCacheSnapshotSize(),
  };
  if (o.dataRoot) {
    env.INFLUXDB_META_DIR = `${o.dataRoot}/meta`;
    env.INFLUXDB_DATA_DIR = `${o.dataRoot}/data`;
    env.INFLUXDB_DATA_WAL_DIR = `${o.dataRoot}/wal`;
  }
  return env;
}

export function influxReady(client: InfluxClient, timeoutMs: number, abort?: () => Error | undefined) {
  return waitUntil(async () => (await client.ping()) !== '', {
    timeoutMs,
    intervalMs: 100,
    ...(abort ? { abort } : {}),
  });
}

/** Creates the admin user (when auth is on) and the database. Version-aware creation lives here. */
export async function prepareInflux(url: string, opts: ResolvedOptions): Promise<void> {
  const auth = opts.influx.auth;
  if (auth) {
    // The first admin user may be created without credentials (InfluxDB 1.x bootstrap rule).
    const anon = new InfluxClient({ url });
    const pw = auth.password.replace(/'/g, "\\'");
    await anon.queryRaw(`CREATE USER "${auth.username}" WITH PASSWORD '${pw}' WITH ALL PRIVILEGES`, {
      method: 'POST',
    });
  }
  await new InfluxClient({ url, ...(auth ? { auth } : {}) }).createDatabase(opts.influx.database);
}
