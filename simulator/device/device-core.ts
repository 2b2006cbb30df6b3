/**
 * What a connected device (VirtualDevice, through DeviceLink) and a gateway's child (ChildDevice) share,
 * whatever carries their messages: who the device is, its seeded streams, and the parts of the command
 * and shadow targets (command-handler.ts, shadow-handler.ts) that do not depend on the link: commands
 * held while a sensor sleeps, command latency and failures on purpose, the delta counter.
 */
import type { DeviceIdentity } from '../fleet/identities.ts';
import { Rng, derive, type AnyDeviceModel } from '../models/index.ts';
import type { DeviceContext } from './device-context.ts';

/** What a group gives each of its devices. */
export interface DeviceSettings {
  commandLatencyMs: number;
  commandFailureRate: number;
}

export const RNG_NET = 1;
export const RNG_FAULT = 2;
export const RNG_COMMAND = 3;

export abstract class DeviceCore {
  readonly identity: DeviceIdentity;
  abstract readonly model: AnyDeviceModel;
  protected abstract readonly settings: DeviceSettings;
  /** Commands that came while the device slept, run when it wakes (allocated only then). */
  protected held: (() => void)[] | undefined;
  private rngs: Rng[] | undefined;

  protected constructor(identity: DeviceIdentity) {
    this.identity = identity;
  }

  /** The fleet's context (clock, scheduler, delays, counters …). */
  protected abstract fleetContext(): DeviceContext;

  get id(): string {
    return this.identity.id;
  }
  get commandLatencyMs(): number {
    return this.settings.commandLatencyMs;
  }
  get commandFailureRate(): number {
    return this.settings.commandFailureRate;
  }

  /** A seeded stream of this device (RNG_NET, RNG_FAULT, RNG_COMMAND …), created on first use. */
  rng(stream: number): Rng {
    const rngs = (this.rngs ??= []);
    return (rngs[stream] ??= new Rng(derive(this.identity.seed, 1000 + stream)));
  }

  // --- CommandTarget / ShadowTarget ---
  later(ms: number, fn: () => void): void {
    this.fleetContext().delays.after(ms, fn);
  }
  commandRng(): Rng {
    return this.rng(RNG_COMMAND);
  }
  asleep(): boolean {
    return this.model.type === 'env_sensor' && this.model.reported().deep_sleep === true;
  }
  hold(run: () => void): void {
    (this.held ??= []).push(run);
  }
  protected wakeHeld(): void {
    const held = this.held ?? [];
    this.held = undefined;
    for (const run of held) run();
  }
  countDelta(): void {
    this.fleetContext().counters.deltas++;
  }
}
