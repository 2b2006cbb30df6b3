import { randomUUID } from 'node:crypto';
import {
  GENERIC_DEVICE_TYPE,
  encodeCommand,
  parseCommandRequest,
  type TopicProfile,
} from '../../twin/index.ts';
import { PlatformError } from '../errors.ts';
import type { Registry } from '../registry/registry.ts';
import type { ChangeBus } from '../twins/changes.ts';
import { CommandTracker, type CommandRecord } from './tracker.ts';

export interface CommandServiceOptions {
  registry: Registry;
  bus: ChangeBus;
  profiles: readonly TopicProfile[];
  /** Publishes on the broker (QoS 1 for commands). */
  publish: (topic: string, payload: string, qos: 0 | 1) => void;
  now: () => number;
  defaultTimeoutMs: number;
  /** Unfinished commands per device before 429 (the tracker's default when absent). */
  maxInFlightPerDevice?: number;
}

/** A command request as the API takes it. */
export interface CommandRequestBody {
  id?: string;
  name: string;
  params?: Record<string, unknown>;
  timeoutMs?: number;
}

/** Commands: checked against the device type, published on the device's profile, tracked to the end. */
export class CommandService {
  readonly tracker: CommandTracker;
  readonly #o: CommandServiceOptions;

  constructor(options: CommandServiceOptions) {
    this.#o = options;
    this.tracker = new CommandTracker({
      now: options.now,
      defaultTimeoutMs: options.defaultTimeoutMs,
      ...(options.maxInFlightPerDevice ? { maxInFlightPerDevice: options.maxInFlightPerDevice } : {}),
      // A copy: the tracker mutates its record, and a stream frame must show each transition as it was.
      onChange: (command) =>
        options.bus.emit({
          kind: 'command',
          deviceId: command.deviceId,
          ts: options.now(),
          command: { ...command },
        }),
    });
  }

  /** Publishes a command (QoS 1) and tracks it; a retry with the same id returns the tracked record. */
  send(deviceId: string, req: CommandRequestBody): { record: CommandRecord; created: boolean } {
    const device = this.#o.registry.require(deviceId);
    if (device.type === GENERIC_DEVICE_TYPE) {
      throw new PlatformError(
        'NO_TYPE',
        `Device '${deviceId}' has no type, so its commands are unknown; set its type with PATCH /devices/${deviceId}.`,
      );
    }
    const params = req.params ?? {};
    const checked = parseCommandRequest(device.type, req.name, params);
    if (!checked.ok) throw new PlatformError('INVALID_COMMAND', checked.errors.join('; '));
    const { profiles } = this.#o;
    const profile = profiles.find((p) => p.name === device.profile) ?? profiles[0];
    if (!profile) throw new PlatformError('BAD_CONFIG', 'no topic profile is configured');
    const id = req.id ?? randomUUID();
    const result = this.tracker.create({
      id,
      deviceId,
      name: req.name,
      params,
      ...(req.timeoutMs ? { timeoutMs: req.timeoutMs } : {}),
    });
    // A child behind a gateway gets its commands through the gateway (platform/gateways), not here.
    if (result.created && device.gateway === undefined) {
      this.#o.publish(
        profile.topicFor('command', deviceId),
        // The device's own command shape when its profile maps commands; twinbench's otherwise.
        encodeCommand(profile, {
          id,
          name: req.name,
          params,
          ts: this.#o.now(),
          timeoutMs: result.record.timeoutMs,
        }),
        1,
      );
    }
    return result;
  }
}
