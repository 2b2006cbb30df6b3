import type { Fault } from '../../simulator/index.ts';
import type { CommandLifecycleStatus, InboundKind } from '../../twin/index.ts';
import type { DeviceSelector } from '../expect/condition.ts';
import type { DataSource, Published } from '../expect/data-source.ts';
import type { Clock } from './clock.ts';
import type { EventLog } from './event-log.ts';

/** A fault as the simulator takes it (its own type): `{ kind: 'overload', amps: 96 }`. */
export type FaultSpec = Fault;

export interface FaultHandle {
  /** Platform ids of the devices that got the fault. */
  readonly devices: readonly string[];
  clear(): Promise<void>;
}

/** The scenario's fleets (simulator fleets, ids already prefixed). */
export interface FleetControl {
  names(): string[];
  isRunning(name: string): boolean;
  start(name: string): Promise<void>;
  stop(name: string): Promise<void>;
  inject(fleet: string, fault: FaultSpec, selector?: DeviceSelector): Promise<FaultHandle>;
  /** Virtual time of one fleet (or all) jumps forward. */
  advance(ms: number, fleet?: string): Promise<void>;
  backfill(fleet: string, o: { durationMs: number; intervalMs?: number }): Promise<{ messages: number }>;
  /** Platform ids of a fleet's devices, in fleet order (empty before the fleet starts). */
  deviceIds(fleet: string): string[];
  /** Platform ids matching a selector within a fleet. */
  select(fleet: string, selector: DeviceSelector): string[];
  published(fleet: string): Published;
  /** Per-fleet counters for reports (connected, published, errors …). */
  stats(): Record<string, Record<string, unknown>>;
}

export interface SentCommand {
  id: string;
  status: CommandLifecycleStatus;
}

/** An answer of the platform's REST API. */
export interface ApiAnswer {
  status: number;
  body: unknown;
}

/** JSON over HTTP to the scenario's platform (whose URL changes when it restarts). */
export interface PlatformApi {
  /** Any answer; throws TB_ERR_SCENARIOS_PLATFORM_UNREACHABLE when the platform does not answer. */
  request(method: string, path: string, body?: unknown): Promise<ApiAnswer>;
  /** A 2xx answer's body, or TB_ERR_SCENARIOS_ACTION_FAILED quoting the platform's message. */
  ok(method: string, path: string, body?: unknown): Promise<unknown>;
}

/** The scenario's own platform process, over HTTP. */
export interface PlatformControl {
  readonly url: string;
  /** Its REST API. */
  readonly api: PlatformApi;
  setDesired(deviceId: string, state: Record<string, unknown>): Promise<void>;
  sendCommand(
    deviceId: string,
    body: { name: string; params?: Record<string, unknown>; timeoutMs?: number },
  ): Promise<SentCommand>;
  stop(how: 'stop' | 'kill'): Promise<void>;
  start(): Promise<void>;
  readonly running: boolean;
}

/** The suite's shared services. */
export interface ServiceControl {
  restart(name: 'broker' | 'influxdb'): Promise<void>;
}

/** The message kinds a scenario can publish for a device: twin/'s inbound topic kinds. */
export type TopicKindName = InboundKind;

export interface Publisher {
  publish(topic: string, payload: string, o: { qos: 0 | 1 | 2; retain: boolean }): Promise<void>;
}

/** Everything a scenario's timeline acts on and looks at. The runner builds a real one; tests a fake. */
export interface ScenarioWorld {
  readonly clock: Clock;
  readonly data: DataSource;
  readonly log: EventLog;
  /** Prepended to every device id the scenario names (isolation between scenarios). */
  readonly prefix: string;
  readonly fleets: FleetControl;
  readonly platform: PlatformControl;
  readonly services: ServiceControl;
  readonly mqtt: Publisher;
  /** The suite broker's URL (mqtt://127.0.0.1:PORT). */
  readonly mqttUrl: string;
  /** The topic of a message kind for a device under a topic profile (twin/ profiles). */
  topicFor(profile: string, kind: TopicKindName, deviceId: string): string;
}
