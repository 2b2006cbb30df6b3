// The scale bench's options: its shape (gateways, children, direct devices), its timing and its
// topology, each with a default and an environment variable (BENCH_SCALE_…, docs/scale.md).
export interface ScaleBenchOptions {
  /** Gateways, each one MQTT connection carrying `children` children. Default 1,000; 0: no gateways. */
  gateways: number;
  /** Children per gateway (battery env sensors, readings batched by their gateway). Default 90. */
  children: number;
  /** Devices with an MQTT connection of their own. Default 10,000. */
  direct: number;
  /** Device type of the direct devices; 'mixed' is half env_sensor, half smart_breaker. Default env_sensor. */
  directType: string;
  /** Length of the measured run, s. Default 300. */
  seconds: number;
  /** Telemetry interval of every device (gateways, children, direct), ms. Default 10,000. */
  intervalMs: number;
  /** How long a gateway collects its children's readings before sending a batch, real ms. Default 1,000. */
  batchWindowMs: number;
  /** Readings a batch carries at most. Default 100. */
  maxBatch: number;
  /** Connections per edge broker at most (under the 20,000-descriptor limit). Default 15,000. */
  perBroker: number;
  /** Edge brokers at least (more when the connections need them). Default 2. */
  edges: number;
  /** Simulator processes per edge broker. Default 1. */
  workersPerBroker: number;
  /** New connections per second of each simulator process during the ramp. Default 1,000. */
  rampPerSecond: number;
  /** How long to wait for every twin to be registered and online before measuring anyway, s. Default 600. */
  upSeconds: number;
  /** How long a lagging platform may take to ingest what is queued after the fleet stops, s. Default 900. */
  drainSeconds: number;
  /**
   * influxd's cache-snapshot-memory-size, MB, only to try another size: unset, influxd gets the stack's
   * own (INFLUX_CACHE_SNAPSHOT_BYTES, 256 MB, or INFLUXDB_DATA_CACHE_SNAPSHOT_MEMORY_SIZE; docs/stack.md).
   */
  influxSnapshotMb?: number;
  /**
   * Niceness of the load side (simulator processes, edge brokers). Default 10: on one machine they
   * would otherwise take their fair share of the cores from the platform and InfluxDB they load, where
   * a real fleet runs elsewhere; 0 = no priority given.
   */
  loadNice: number;
}

export const SCALE_BENCH_DEFAULTS: ScaleBenchOptions = {
  gateways: 1_000,
  children: 90,
  direct: 10_000,
  directType: 'env_sensor',
  seconds: 300,
  intervalMs: 10_000,
  batchWindowMs: 1_000,
  maxBatch: 100,
  perBroker: 15_000,
  edges: 2,
  workersPerBroker: 1,
  rampPerSecond: 1_000,
  upSeconds: 600,
  drainSeconds: 900,
  loadNice: 10,
};

const envName = (key: string) => `BENCH_SCALE_${key.replace(/[A-Z]/g, (c) => `_${c}`).toUpperCase()}`;

/**
 * BENCH_SCALE_GATEWAYS, BENCH_SCALE_CHILDREN, BENCH_SCALE_DIRECT, BENCH_SCALE_DIRECT_TYPE, … The old
 * all-direct shape: BENCH_SCALE_DEVICES=N (N direct devices, half env_sensor, half smart_breaker, no
 * gateways), or BENCH_SCALE_GATEWAYS=0 with BENCH_SCALE_DIRECT and BENCH_SCALE_DIRECT_TYPE.
 */
export function scaleBenchOptionsFromEnv(env = process.env): ScaleBenchOptions {
  const o = { ...SCALE_BENCH_DEFAULTS };
  const legacy = env.BENCH_SCALE_DEVICES;
  if (legacy !== undefined && legacy !== '') {
    Object.assign(o, { gateways: 0, direct: Number(legacy), directType: 'mixed' });
    if (!Number.isSafeInteger(o.direct) || o.direct < 1)
      throw new Error(`BENCH_SCALE_DEVICES=${legacy}: use a whole number >= 1`);
  }
  // influxSnapshotMb has no default of its own (the stack's), so it is not among the defaults' keys.
  for (const key of [...Object.keys(o), 'influxSnapshotMb'] as (keyof ScaleBenchOptions)[]) {
    const raw = env[envName(key)];
    if (raw === undefined || raw === '') continue;
    if (key === 'directType') {
      o.directType = raw;
      continue;
    }
    const n = Number(raw);
    const min = key === 'gateways' || key === 'direct' ? 0 : 1;
    if (!Number.isSafeInteger(n) || n < min)
      throw new Error(`${envName(key)}=${raw}: use a whole number >= ${min}`);
    o[key] = n;
  }
  if (o.gateways + o.direct < 1)
    throw new Error('BENCH_SCALE_GATEWAYS and BENCH_SCALE_DIRECT are both 0: nothing to run');
  if (o.children > 1000) throw new Error(`BENCH_SCALE_CHILDREN=${o.children}: at most 1000 per gateway`);
  return o;
}
