import {
  buildIdentities,
  expandGateways,
  hashSeed,
  startFleet,
  type Fleet,
  type FleetGroup,
  type FleetSpec,
  type SimDevice,
} from '../../simulator/index.ts';
import { devicePassword } from '../../runtime/index.ts';
import {
  mqttAnswers,
  SimulatorContainer,
  waitUntil,
  type StackInfo,
  type StartedSimulatorContainer,
} from '../../stack/index.ts';
import { SCENARIOS_ERROR_CODES, ScenarioError } from '../errors.ts';
import type { DeviceSelector } from '../expect/condition.ts';
import type { Published } from '../expect/data-source.ts';
import type { FaultHandle, FaultSpec, FleetControl } from '../engine/world.ts';
import type { FleetDoc } from '../format/schema/scenario.ts';
import { DEVICE_TYPE_SHORT } from '../../twin/index.ts';

/** A group's id pattern with the scenario's prefix (MAC patterns stay as they are). */
export function prefixedPattern(group: Pick<FleetGroup, 'type' | 'idPattern'>, prefix: string): string {
  const short = (DEVICE_TYPE_SHORT as Partial<Record<string, string>>)[group.type] ?? group.type;
  const pattern = group.idPattern ?? `${short}-{n:04}`;
  return pattern.includes('{mac}') ? pattern : `${prefix}${pattern}`;
}

/** The simulator spec of a scenario fleet: ids prefixed, and a seed per scenario unless one is given. */
export function fleetSpecFor(doc: FleetDoc, prefix: string): FleetSpec {
  const { name, start: _start, clock: _clock, container: _container, ...spec } = doc;
  return {
    ...(spec as Omit<FleetSpec, 'name'>),
    name: `${prefix}${name}`,
    seed: doc.seed ?? hashSeed(`${prefix}${name}`),
    groups: doc.groups.map((g) => ({ ...g, idPattern: prefixedPattern(g, prefix) })) as FleetGroup[],
    // Gateways and their children are prefixed too (docs/gateways.md).
    ...(spec.gateways
      ? {
          gateways: spec.gateways.map((g) => ({
            ...g,
            idPattern: prefixedPattern({ type: 'gateway', idPattern: g.idPattern }, prefix),
            children: { ...g.children, idPattern: prefixedPattern(g.children, prefix) },
          })),
        }
      : {}),
  };
}

/** Every id a fleet's devices log in with (gateways and their children included). */
export function fleetLoginIds(spec: FleetSpec): string[] {
  return buildIdentities(expandGateways(spec).spec).map((d) => d.id);
}

/** Gives a running broker more device logins (a StartedStack's addDevices). */
export type RegisterDevices = (ids: readonly string[]) => Promise<void>;

/** How long a new device login may take to work after it was registered (Mosquitto rereads on SIGHUP). */
const LOGIN_READY_TIMEOUT_MS = 10_000;

/** The scenario's fleets over the simulator's startFleet (docs/simulator-contract.md). */
export class SimFleets implements FleetControl {
  readonly #docs: Map<string, FleetDoc>;
  readonly #running = new Map<string, Fleet>();
  /** Fleets running in simulator containers (`container: true`), with their devices' ids. */
  readonly #containers = new Map<string, { container: StartedSimulatorContainer; ids: string[] }>();
  readonly #stopped = new Map<string, SimDevice[]>();
  readonly #stoppedIds = new Map<string, string[]>();
  readonly #stack: Pick<StackInfo, 'mqttUrl' | 'mqtt'>;
  readonly #prefix: string;
  readonly #register: RegisterDevices | undefined;

  /**
   * Under device auth (`stack.mqtt.deviceSecret`), every device logs in as itself: `register` gives the
   * broker a fleet's ids before the fleet connects (without it, the ids must be known to the broker already).
   */
  constructor(
    docs: readonly FleetDoc[],
    stack: Pick<StackInfo, 'mqttUrl' | 'mqtt'>,
    prefix: string,
    register?: RegisterDevices,
  ) {
    this.#docs = new Map(docs.map((d) => [d.name, d]));
    this.#stack = stack;
    this.#prefix = prefix;
    this.#register = register;
  }

  /** Device auth: registers the fleet's ids and waits until the broker takes the last one's login. */
  async #admit(name: string, spec: FleetSpec): Promise<void> {
    const secret = this.#stack.mqtt.deviceSecret;
    if (!secret || !this.#register) return;
    const ids = fleetLoginIds(spec);
    const last = ids.at(-1);
    if (last === undefined) return;
    const mac = ids.find((id) => id.includes(':'));
    if (mac !== undefined)
      throw new ScenarioError(
        SCENARIOS_ERROR_CODES.ACTION_FAILED,
        `fleet ${name}: device ${mac} is named by its MAC, which cannot be a broker user name under device auth (docs/security.md); run this scenario without --device-auth`,
      );
    await this.#register(ids);
    const auth = { username: last, password: devicePassword(secret, last) };
    const ok = await waitUntil(() => mqttAnswers(this.#stack.mqttUrl, auth), {
      timeoutMs: LOGIN_READY_TIMEOUT_MS,
      intervalMs: 50,
    });
    if (!ok.ok)
      throw new ScenarioError(
        SCENARIOS_ERROR_CODES.ACTION_FAILED,
        `the broker did not take device ${last}'s login within ${LOGIN_READY_TIMEOUT_MS} ms of registering it (${(ok.lastError as Error | undefined)?.message ?? 'no answer'}); see the broker's log in the report`,
      );
  }

  names(): string[] {
    return [...this.#docs.keys()];
  }

  isRunning(name: string): boolean {
    return this.#running.has(name) || this.#containers.has(name);
  }

  #fleet(name: string): Fleet {
    const f = this.#running.get(name);
    if (!f && (this.#containers.has(name) || this.#stoppedIds.has(name)))
      throw new ScenarioError(
        SCENARIOS_ERROR_CODES.ACTION_FAILED,
        `fleet ${name} runs in a container (container: true): faults, advance, backfill, device selection and loss need the fleet in the runner; drop container: true for this scenario`,
      );
    if (!f)
      throw new ScenarioError(
        SCENARIOS_ERROR_CODES.ACTION_FAILED,
        `fleet ${name} is not running${this.#docs.has(name) ? ' (start it with start_fleet)' : ''}`,
      );
    return f;
  }

  async start(name: string): Promise<void> {
    const doc = this.#docs.get(name);
    if (!doc) throw new ScenarioError(SCENARIOS_ERROR_CODES.BAD_REFERENCE, `no fleet named ${name}`);
    if (this.isRunning(name)) return;
    const spec = fleetSpecFor(doc, this.#prefix);
    await this.#admit(name, spec);
    if (doc.container) {
      const container = await new SimulatorContainer()
        .withStack(this.#stack)
        .withFleet(spec as unknown as Record<string, unknown>)
        .start();
      // The same seeded identities the container computes: ids are known without asking it.
      this.#containers.set(name, { container, ids: buildIdentities(spec).map((d) => d.id) });
      return;
    }
    const fleet = await startFleet(spec, {
      mqttUrl: this.#stack.mqttUrl,
      ...(this.#stack.mqtt.username ? { username: this.#stack.mqtt.username } : {}),
      ...(this.#stack.mqtt.password ? { password: this.#stack.mqtt.password } : {}),
      // Device auth: each device logs in as itself (the stack's own login is the platform's identity).
      ...(this.#stack.mqtt.deviceSecret ? { deviceSecret: this.#stack.mqtt.deviceSecret } : {}),
      clock: doc.clock ?? 'real',
    });
    this.#running.set(name, fleet);
  }

  async stop(name: string): Promise<void> {
    const c = this.#containers.get(name);
    if (c) {
      this.#containers.delete(name);
      await c.container.stop();
      this.#stoppedIds.set(name, c.ids);
      return;
    }
    const f = this.#running.get(name);
    if (!f) return;
    this.#stopped.set(name, [...f.devices]);
    this.#running.delete(name);
    await f.stop();
  }

  async stopAll(): Promise<void> {
    await Promise.all([...this.#running.keys(), ...this.#containers.keys()].map((n) => this.stop(n)));
  }

  async inject(fleet: string, fault: FaultSpec, selector?: DeviceSelector): Promise<FaultHandle> {
    const f = this.#fleet(fleet);
    const h = f.inject(fault, selector ? simSelector(selector) : undefined);
    return { devices: [...h.deviceIds], clear: async () => h.clear() };
  }

  async advance(ms: number, fleet?: string): Promise<void> {
    const list = fleet ? [this.#fleet(fleet)] : [...this.#running.values()];
    await Promise.all(list.map((f) => f.advance(ms)));
  }

  async backfill(
    fleet: string,
    o: { durationMs: number; intervalMs?: number },
  ): Promise<{ messages: number }> {
    return this.#fleet(fleet).backfill(o);
  }

  deviceIds(fleet: string): string[] {
    const inContainer = this.#containers.get(fleet)?.ids ?? this.#stoppedIds.get(fleet);
    if (inContainer) return [...inContainer];
    const devices = this.#running.get(fleet)?.devices ?? this.#stopped.get(fleet) ?? [];
    return devices.map((d) => d.id);
  }

  select(fleet: string, selector: DeviceSelector): string[] {
    if (this.#containers.has(fleet)) this.#fleet(fleet); // says why a container fleet cannot select
    const f = this.#running.get(fleet);
    if (!f) return [];
    return f.select(simSelector(selector)).map((d) => d.id);
  }

  published(fleet: string): Published {
    if (this.#containers.has(fleet) || this.#stoppedIds.has(fleet)) this.#fleet(fleet);
    const devices = this.#running.get(fleet)?.devices ?? this.#stopped.get(fleet) ?? [];
    return { perDevice: Object.fromEntries(devices.map((d) => [d.id, d.seq])) };
  }

  stats(): Record<string, Record<string, unknown>> {
    return Object.fromEntries([...this.#running].map(([n, f]) => [n, { ...f.stats() }]));
  }
}

function simSelector(sel: DeviceSelector) {
  const { fleet: _fleet, ...rest } = sel;
  return rest;
}
