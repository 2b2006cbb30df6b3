import {
  builtinProfile,
  compileProfile,
  isBuiltinProfileName,
  type TopicProfile,
  type TopicProfileSpec,
} from '../twin/index.ts';
import { PlatformError } from './errors.ts';
import type { ResolvedOptions } from './options.ts';

/** The configured profiles, compiled: builtin names or full profile objects (checked by twin). */
export function compileProfiles(list: ResolvedOptions['profiles']): TopicProfile[] {
  return list.map((p) => {
    if (typeof p === 'string') {
      if (!isBuiltinProfileName(p)) {
        throw new PlatformError(
          'BAD_CONFIG',
          `Unknown topic profile '${p}'; use twinbench, iot-node, devices-mac or give a full profile object.`,
        );
      }
      return builtinProfile(p);
    }
    return compileProfile(p as TopicProfileSpec);
  });
}
