/** startFleet: from a spec to connected devices publishing on the fleet clock. */
import {
  builtinProfile,
  compileProfile,
  type BuiltinProfileName,
  type TopicProfile,
} from '../../twin/index.ts';
import { newCounters, type DeviceContext, type SimLogger } from '../device/device-context.ts';
import type { DeviceSettings } from '../device/virtual-device.ts';
import { SIMULATOR_ERROR_CODES, SimulatorError } from '../errors.ts';
import { Rng, createModel, derive, type ModelOptionsByType } from '../models/index.ts';
import { buildDevices, expandGateways, placeOnFloors, shareWithGateways } from '../gateway/index.ts';
import { ConnectionWatch } from '../mqtt/connection-watch.ts';
import { FleetClock } from './clock.ts';
import { DelayLine } from './delay-line.ts';
import { SimFleet, type Fleet } from './fleet.ts';
import { buildIdentities, type DeviceIdentity } from './identities.ts';
import { validateFleetSpec } from './load-spec.ts';
import { FLEET_DEFAULTS, parseBrokerUrl, type FleetOptions } from './options.ts';
import { rampUp } from './ramp.ts';
import { Scheduler } from './scheduler.ts';
import {
  DEFAULT_COMMAND_LATENCY_MS,
  DEFAULT_KEEPALIVE_SECONDS,
  DEFAULT_RAMP_UP_PER_SECOND,
  DEFAULT_SEED,
  type FleetGroup,
  type FleetSpec,
} from './spec.ts';

const SILENT: SimLogger = { info: () => undefined, warn: () => undefined };

function resolveProfile(profile: FleetSpec['profile']): TopicProfile {
  if (profile === undefined) return builtinProfile('twinbench');
  return typeof profile === 'string'
    ? builtinProfile(profile as BuiltinProfileName)
    : compileProfile(profile);
}

/** Warnings at most once a second, counting what was left out; every error counts in stats. */
function errorReporter(counters: DeviceContext['counters'], log: SimLogger): DeviceContext['error'] {
  let last = 0;
  let suppressed = 0;
  return (deviceId, message) => {
    counters.errors++;
    counters.lastError = `${deviceId}: ${message}`;
    const now = performance.now();
    if (now - last < 1000) {
      suppressed++;
      return;
    }
    log.warn({ deviceId, ...(suppressed > 0 ? { suppressed } : {}) }, message);
    last = now;
    suppressed = 0;
  };
}

function modelOptions(
  group: FleetGroup,
  id: DeviceIdentity,
  startMs: number,
): ModelOptionsByType[DeviceIdentity['type']] {
  return {
    ...group.options,
    ...(group.publishIntervalMs !== undefined ? { publishIntervalMs: group.publishIntervalMs } : {}),
    seed: id.seed,
    startMs,
    fwVersion: id.fwVersion,
  } as ModelOptionsByType[DeviceIdentity['type']];
}

/**
 * Starts a fleet: identities and models from the spec (validated), one lean MQTT connection per device
 * opened at `rampUpPerSecond`, telemetry on one shared scheduler. Resolves when every device has
 * connected or failed its first attempt (failures go on retrying and show in stats); throws
 * TB_ERR_SIMULATOR_CONNECT_FAILED when none could connect.
 */
export async function startFleet(spec: FleetSpec, options: FleetOptions): Promise<Fleet> {
  // Gateway entries become groups of their own (gateways, children); the plans tie them together.
  const { spec: s, plans } = expandGateways(validateFleetSpec(spec));
  const broker = parseBrokerUrl(options);
  const startMs = options.startMs ?? Date.now();
  const clock = new FleetClock(options.clock ?? 'real', startMs);
  // An explicit start asks for a reproducible run: virtual time waits for the fleet to be up.
  if (options.startMs !== undefined) clock.hold();
  const log = options.logger ?? SILENT;
  const counters = newCounters();
  const error = errorReporter(counters, log);
  const onError = (err: unknown) => error('fleet', `internal error: ${(err as Error).stack ?? String(err)}`);
  let settled = 0;
  let failedFirst = 0;
  const ctx: DeviceContext = {
    clock,
    scheduler: new Scheduler(clock, { onError }),
    delays: new DelayLine({ onError }),
    profile: resolveProfile(s.profile),
    client: {
      watch: new ConnectionWatch(),
      inflightWindow: options.inflightWindow ?? FLEET_DEFAULTS.inflightWindow,
      maxQueued: FLEET_DEFAULTS.maxQueued,
      connectTimeoutMs: options.connectTimeoutMs ?? FLEET_DEFAULTS.connectTimeoutMs,
      counters: { packetsOut: 0, bytesOut: 0, dropped: 0, protocolErrors: 0 },
    },
    broker,
    localAddresses: options.localAddresses ?? [],
    keepaliveS: s.keepaliveSeconds ?? DEFAULT_KEEPALIVE_SECONDS,
    telemetryQos: s.telemetryQos ?? 1,
    backoff: { ...FLEET_DEFAULTS.reconnectBackoff, ...options.reconnectBackoff },
    counters,
    log,
    onSettled: (ok) => {
      settled++;
      if (!ok) failedFirst++;
    },
    error,
  };
  const seed = s.seed ?? DEFAULT_SEED;
  // A worker builds the whole fleet's identities (ids and seeds depend on position) and keeps its share.
  const all = placeOnFloors(buildIdentities(s), plans, s);
  const identities = shareWithGateways(all, plans, options.share);
  const settings: DeviceSettings[] = s.groups.map((g) => ({
    commandLatencyMs: g.commandLatencyMs ?? DEFAULT_COMMAND_LATENCY_MS,
    commandFailureRate: g.commandFailureRate ?? 0,
  }));
  const groupOf = (d: { identity: DeviceIdentity }) => s.groups[d.identity.groupIndex] as FleetGroup;
  const { devices, linked, children } = buildDevices(
    all,
    identities,
    plans,
    (id) => createModel(id.type, modelOptions(groupOf({ identity: id }), id, startMs)),
    settings,
    ctx,
  );
  const fleet = new SimFleet({
    name: s.name ?? 'fleet',
    seed,
    devices,
    ctx,
    optionsOf: (d) => modelOptions(groupOf(d), d.identity, startMs),
    onProgress: options.onProgress,
    progressIntervalMs: options.progressIntervalMs ?? FLEET_DEFAULTS.progressIntervalMs,
  });
  if (options.startMs === undefined) ctx.scheduler.start(); // else once the fleet is up (below)
  for (const f of s.faults ?? []) {
    fleet.at(startMs + (f.atMs ?? 0), () => {
      try {
        const handle = fleet.inject(f.fault, f.select);
        if (f.durationMs !== undefined) fleet.at(clock.now() + f.durationMs, () => handle.clear());
      } catch (err) {
        error('fleet', `scheduled ${f.fault.kind} fault: ${(err as Error).message}`);
      }
    });
  }
  log.info(
    { name: fleet.name, devices: devices.length, broker: `${broker.host}:${broker.port}` },
    'fleet starting',
  );
  // Children need no connection: they join their gateway's mesh now and are announced when it connects.
  for (const c of children) {
    c.start(startMs + Math.floor(new Rng(derive(c.identity.seed, 999)).next() * c.model.publishIntervalMs()));
  }
  await rampUp(linked, {
    ratePerSecond: (s.rampUpPerSecond ?? DEFAULT_RAMP_UP_PER_SECOND) / (options.share?.count ?? 1),
    maxConcurrent: options.maxConcurrentConnects ?? FLEET_DEFAULTS.maxConcurrentConnects,
    settled: () => settled,
    start: (d) =>
      d.start(
        startMs + Math.floor(new Rng(derive(d.identity.seed, 999)).next() * d.model.publishIntervalMs()),
      ),
  });
  clock.release();
  ctx.scheduler.start();
  if (linked.length > 0 && failedFirst === linked.length && counters.connected === 0) {
    const why = counters.lastError ?? 'no reason given';
    await fleet.stop();
    throw new SimulatorError(
      SIMULATOR_ERROR_CODES.CONNECT_FAILED,
      `No device of fleet ${fleet.name} could connect to mqtt://${broker.host}:${broker.port} (${why}). Is the broker up (npx twinbench stack status)?`,
    );
  }
  fleet.progress();
  log.info({ name: fleet.name, connected: counters.connected, failed: failedFirst }, 'fleet started');
  return fleet;
}
