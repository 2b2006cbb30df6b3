/** The topic profiles twinbench knows by name. */
import { compileProfile, type TopicProfile, type TopicProfileSpec } from './profiles.ts';
import type { PayloadMappingSpec } from './mapping/mapping-schema.ts';
import { TWINBENCH_PROFILE } from './twinbench.ts';

/**
 * What ESP32/Arduino node firmware and Python simulators commonly send: fields flat or under
 * sensors/metrics/measurements/data, plain or {value, unit}, a timestamp in s, ms or ISO 8601, and
 * health keys beside them. twinbench's own {ts, fields} envelope still passes unchanged.
 */
function nodeMapping(idKey: 'deviceId' | 'metadata'): PayloadMappingSpec {
  const health = { field: 'rssi', otherwise: 'metadata' } as const;
  return {
    fields: { in: ['.', 'sensors', 'metrics', 'measurements', 'data', 'readings'] },
    timestamp: { keys: ['ts', 'timestamp', 'time'], format: 'auto' },
    status: {},
    aliases: { temp: 'temperature', hum: 'humidity', press: 'pressure', lux: 'light' },
    values: {
      breaker_state: { '1': 'closed', '0': 'open', true: 'closed', false: 'open' },
      motion: { '1': true, '0': false },
    },
    keys: {
      device_id: 'deviceId',
      deviceId: 'deviceId',
      mac: idKey,
      status: 'metadata',
      rssi: health,
      wifi_rssi: health,
      free_heap: 'metadata',
      heap: 'metadata',
      uptime: { field: 'uptime_s', unit: 's' },
      uptime_s: { field: 'uptime_s', unit: 's' },
      uptime_ms: { field: 'uptime_s', unit: 'ms' },
      firmware: { field: 'fw_version' },
      ip: 'metadata',
      model: 'metadata',
      type: 'deviceType',
      device_type: 'deviceType',
    },
  };
}

export type BuiltinProfileName = 'twinbench' | 'iot-node' | 'devices-mac';

export const BUILTIN_PROFILES: Readonly<Record<BuiltinProfileName, Readonly<TopicProfileSpec>>> =
  Object.freeze({
    twinbench: TWINBENCH_PROFILE,
    'iot-node': Object.freeze({
      name: 'iot-node',
      telemetry: 'iot/node/{id}/telemetry',
      command: 'iot/node/{id}/command',
      commandResponse: 'iot/node/{id}/command/response',
      status: 'iot/node/{id}/status',
      events: 'iot/node/{id}/events',
      heartbeat: 'iot/node/{id}/heartbeat',
      mapping: nodeMapping('metadata'),
    }),
    'devices-mac': Object.freeze({
      name: 'devices-mac',
      telemetry: 'devices/{mac}/data',
      command: 'devices/{mac}/commands',
      commandResponse: 'devices/{mac}/commands/ack',
      status: 'devices/{mac}/status',
      events: 'devices/{mac}/events',
      heartbeat: 'devices/{mac}/heartbeat',
      mapping: nodeMapping('deviceId'),
    }),
  });

export const BUILTIN_PROFILE_NAMES = Object.freeze(Object.keys(BUILTIN_PROFILES) as BuiltinProfileName[]);

export function isBuiltinProfileName(name: string): name is BuiltinProfileName {
  return Object.hasOwn(BUILTIN_PROFILES, name);
}

const compiled = new Map<BuiltinProfileName, TopicProfile>();

/** The compiled builtin profile (compiled once, then cached). */
export function builtinProfile(name: BuiltinProfileName): TopicProfile {
  let profile = compiled.get(name);
  if (profile === undefined) {
    profile = compileProfile(BUILTIN_PROFILES[name]);
    compiled.set(name, profile);
  }
  return profile;
}
