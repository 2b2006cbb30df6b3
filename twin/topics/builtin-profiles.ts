/** The topic profiles twinbench knows by name. */
import { compileProfile, type TopicProfile, type TopicProfileSpec } from './profiles.ts';
import { TWINBENCH_PROFILE } from './twinbench.ts';

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
    }),
    'devices-mac': Object.freeze({
      name: 'devices-mac',
      telemetry: 'devices/{mac}/data',
      command: 'devices/{mac}/commands',
      commandResponse: 'devices/{mac}/commands/ack',
      status: 'devices/{mac}/status',
      events: 'devices/{mac}/events',
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
