import {
  buildIdentities,
  hashSeed,
  startFleet,
  type Fleet,
  type FleetGroup,
  type FleetSpec,
  type SimDevice,
} from '../../simulator/index.ts';
import { SimulatorContainer, type StackInfo, type StartedSimulatorContainer } from '../../stack/index.ts';
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

  constructor(docs: readonly FleetDoc[], stack: Pick<StackInfo, 'mqttUrl' | 'mqtt'>, prefix: string) {
    this.#docs = new Map(docs.map((d) => [d.name, d]));
    this.#stack = stack;
    this.#prefix = prefix;
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
    if (doc.container) {
      const spec = fleetSpecFor(doc, this.#prefix);
      const container = await new SimulatorContainer()
        .withStack(this.#stack)
        .withFleet(spec as unknown as Record<string, unknown>)
        .start();
      // The same seeded identities the container computes: ids are known without asking it.
      this.#containers.set(name, { container, ids: buildIdentities(spec).map((d) => d.id) });
      return;
    }
    const fleet = await startFleet(fleetSpecFor(doc, this.#prefix), {
      mqttUrl: this.#stack.mqttUrl,
      ...(this.#stack.mqtt.username ? { username: this.#stack.mqtt.username } : {}),
      ...(this.#stack.mqtt.password ? { password: this.#stack.mqtt.password } : {}),
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
