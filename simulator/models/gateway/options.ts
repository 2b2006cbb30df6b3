import type { Seed } from '../random.ts';
import { overDefaults, stripUndefined } from '../values.ts';

export const GATEWAY_RADIO_KINDS = ['zigbee', 'lora', 'ble', 'thread', 'wifi'] as const;
export type GatewayRadio = (typeof GATEWAY_RADIO_KINDS)[number];

/** gateway telemetry, field names and units as in docs/twin-contract.md. */
export type GatewayTelemetry = {
  uptime_s: number;
  fw_version: string;
  children_connected: number;
  children_known: number;
  uplink_rssi: number;
  queue_depth: number;
  dropped_messages: number;
  duty_cycle_percent: number;
  radio: GatewayRadio;
  channel: string;
};

export type GatewayDesired = { interval_s: number; permit_join: number };

/** What the runner of a gateway's children tells the model (the model itself has no children). */
export interface GatewayChildStats {
  connected: number;
  known: number;
  queueDepth: number;
  dropped: number;
  /** Radio airtime used in the last hour, %. */
  dutyCyclePercent: number;
}

export interface GatewayOptions {
  /** Seed of this device's streams. Default 1. */
  seed?: Seed;
  /** Virtual time the model starts at, ms epoch. Default 0. */
  startMs?: number;
  /** Firmware version reported as fw_version. Default '2.1.0'. */
  fwVersion?: string;
  /** Telemetry publish interval until desired interval_s says otherwise, ms. Default 60_000. */
  publishIntervalMs?: number;
  /** Radio the children use. Default 'zigbee'. */
  radio?: GatewayRadio;
  /** Radio channel or frequency plan. Default '15' (Zigbee channel 15). */
  channel?: string;
  /** Mean uplink RSSI, dBm. Default: seeded in −75…−45. */
  meanUplinkRssiDbm?: number;
  /** Time from reboot until the gateway is back, ms. Default 20_000. */
  rebootDurationMs?: number;
}

export type ResolvedGatewayOptions = Required<GatewayOptions>;

export const DEFAULT_GATEWAY_OPTIONS: Readonly<Omit<ResolvedGatewayOptions, 'meanUplinkRssiDbm'>> = {
  seed: 1,
  startMs: 0,
  fwVersion: '2.1.0',
  publishIntervalMs: 60_000,
  radio: 'zigbee',
  channel: '15',
  rebootDurationMs: 20_000,
};

export function resolveGatewayOptions(
  options: GatewayOptions,
  seeded: Pick<ResolvedGatewayOptions, 'meanUplinkRssiDbm'>,
): ResolvedGatewayOptions {
  return overDefaults<ResolvedGatewayOptions>(DEFAULT_GATEWAY_OPTIONS, {
    ...seeded,
    ...stripUndefined(options),
  });
}
