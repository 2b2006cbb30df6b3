import type { DeviceIdentity, DeviceLocation } from '../fleet/identities.ts';
import type { AnyDeviceModel } from '../models/index.ts';

/** A device of a running fleet, as scenarios and the CLI see it. */
export interface SimDevice {
  readonly id: string;
  /** A built-in type, or one loaded from a device-type file. */
  readonly type: string;
  /** Position in the fleet (spec order). */
  readonly index: number;
  readonly tags: Readonly<Record<string, string>>;
  readonly location: DeviceLocation;
  /** Name, serial, MAC, firmware, product model … */
  readonly identity: DeviceIdentity;
  /** The device's behaviour model (simulator/models); read it freely, drive it through faults. */
  readonly model: AnyDeviceModel;
  /** The MQTT connection is up (CONNACK received). */
  readonly connected: boolean;
  /** Connected, subscribed and announced (birth sent). */
  readonly ready: boolean;
  /** Firmware version now (changes with a `firmware` fault). */
  readonly fwVersion: string;
  /** seq of the last telemetry message (= telemetry messages sent). */
  readonly seq: number;
}
