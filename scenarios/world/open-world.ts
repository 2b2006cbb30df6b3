import { trustCa } from '../../runtime/index.ts';
import { InfluxClient, type StackInfo } from '../../stack/index.ts';
import { builtinProfile, isBuiltinProfileName } from '../../twin/index.ts';
import type { Clock } from '../engine/clock.ts';
import { EventLog } from '../engine/event-log.ts';
import type { ScenarioWorld } from '../engine/world.ts';
import { SCENARIOS_ERROR_CODES, ScenarioError } from '../errors.ts';
import type { ScenarioInstance } from '../format/load-scenario.ts';
import { MqttPublisher } from './mqtt-publisher.ts';
import { PlatformActions, PlatformData } from './platform-data.ts';
import { PlatformHttp } from './platform-http.ts';
import { PlatformProcess } from './platform-process.ts';
import { SimFleets } from './sim-fleets.ts';
import { StreamRecorder } from './stream-recorder.ts';

/** The suite's stack as a scenario needs it (a StartedStack fits). */
export interface SuiteStack {
  readonly info: StackInfo;
  service(name: 'mosquitto' | 'influxdb'): { restart(): Promise<void>; logs(): string[] };
  /**
   * Gives the running broker more device logins (device auth: `info.mqtt.deviceSecret`); fleets register
   * their ids through it before they connect, so every device logs in as itself.
   */
  addDevices?(ids: readonly string[]): Promise<void>;
}

export interface OpenWorldOptions {
  stack: SuiteStack;
  /** Device id prefix: isolates the scenario's devices from the others on the shared broker. */
  prefix: string;
  /** The scenario's own InfluxDB database (its platform writes there and nowhere else). */
  database: string;
  clock: Clock;
  /** Platform start timeout; default 30 000 ms. */
  platformStartupTimeoutMs?: number;
}

/** A scenario's world, open: its platform runs, its starting fleets are connected. */
export interface OpenWorld {
  readonly world: ScenarioWorld;
  platformLogs(): string[];
  fleetStats(): Record<string, Record<string, unknown>>;
  /** Stops fleets and the platform and drops the database (unless keepDatabase). */
  close(o?: { keepDatabase?: boolean }): Promise<void>;
}

/** Fleets above this many devices do not stream telemetry into the event log (it would be all there is). */
const TELEMETRY_LOG_MAX_DEVICES = 50;

export async function openWorld(instance: ScenarioInstance, o: OpenWorldOptions): Promise<OpenWorld> {
  const { doc } = instance;
  const { stack, prefix, clock } = o;
  const log = new EventLog();
  // --tls: the platform serves HTTPS from the stack's CA; this process's fetch and WebSocket must trust it.
  if (stack.info.tls) trustCa(stack.info.tls.caFile);
  const deviceCount = (doc.fleets ?? []).reduce((n, f) => n + f.groups.reduce((m, g) => m + g.count, 0), 0);
  const platform = new PlatformProcess({
    stack: stack.info,
    database: o.database,
    config: (doc.platform?.config as Record<string, unknown> | undefined) ?? {},
    ...(o.platformStartupTimeoutMs ? { startupTimeoutMs: o.platformStartupTimeoutMs } : {}),
    onStart: (p) => {
      log.add({ t: clock.now(), source: 'runner', text: `platform up at ${p.url} (pid ${p.pid})` });
      recorder.connect(p.wsUrl, p.token);
    },
  });
  const http = new PlatformHttp(
    () => platform.url,
    undefined,
    () => platform.token,
  );
  const fleets = new SimFleets(doc.fleets ?? [], stack.info, prefix, stack.addDevices?.bind(stack));
  const fleetIds = () => new Set(fleets.names().flatMap((f) => fleets.deviceIds(f)));
  let known = new Set<string>();
  let knownAt = 0;
  const refreshKnown = () => {
    if (Date.now() - knownAt > 1_000) [known, knownAt] = [fleetIds(), Date.now()];
    return known;
  };
  const recorder = new StreamRecorder(log, {
    now: () => clock.now(),
    withTelemetry: deviceCount <= TELEMETRY_LOG_MAX_DEVICES,
    prefix,
    // Ids carry the scenario's prefix, except MACs: those are the scenario's when one of its fleets has them.
    mine: (id) => id.startsWith(prefix) || known.has(id) || refreshKnown().has(id),
  });
  const mqtt = new MqttPublisher(stack.info, `tb-scenario-${prefix}${process.pid}`);
  const close = async (c: { keepDatabase?: boolean } = {}) => {
    recorder.close();
    await fleets.stopAll().catch(() => undefined);
    await mqtt.close().catch(() => undefined);
    await platform.stop().catch(() => undefined);
    if (!c.keepDatabase) {
      const influx = new InfluxClient({
        url: stack.info.influx.url,
        ...(stack.info.influx.auth ? { auth: stack.info.influx.auth } : {}),
      });
      await influx.dropDatabase(o.database).catch(() => undefined);
    }
  };
  const world: ScenarioWorld = {
    clock,
    log,
    prefix,
    data: new PlatformData(http, (f) => fleets.published(f)),
    fleets,
    platform: new PlatformActions(http, platform),
    services: {
      restart: async (name) => {
        log.add({ t: clock.now(), source: 'runner', text: `restarting ${name}` });
        await stack.service(name === 'broker' ? 'mosquitto' : 'influxdb').restart();
      },
    },
    mqtt,
    mqttUrl: stack.info.mqttUrl,
    topicFor: (profile, kind, id) => {
      if (!isBuiltinProfileName(profile))
        throw new ScenarioError(
          SCENARIOS_ERROR_CODES.BAD_REFERENCE,
          `unknown topic profile '${profile}'; use twinbench, iot-node or devices-mac`,
        );
      return builtinProfile(profile).topicFor(kind, id);
    },
  };
  try {
    await platform.start();
    for (const f of doc.fleets ?? []) {
      if (f.start === false) continue;
      await fleets.start(f.name).catch((err: unknown) => {
        throw new ScenarioError(
          SCENARIOS_ERROR_CODES.ACTION_FAILED,
          `fleet ${f.name} did not start: ${(err as Error).message}`,
          { cause: err },
        );
      });
      log.add({
        t: clock.now(),
        source: 'runner',
        text: `fleet ${f.name} up (${fleets.deviceIds(f.name).length} devices)`,
      });
    }
  } catch (err) {
    await close();
    throw err;
  }
  return { world, platformLogs: () => platform.logs(), fleetStats: () => fleets.stats(), close };
}
