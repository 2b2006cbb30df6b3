import { readFileSync } from 'node:fs';
import {
  builtinProfile,
  compileProfile,
  isBuiltinProfileName,
  parseProfileText,
  type TopicProfile,
  type TopicProfileSpec,
} from '../twin/index.ts';
import { PlatformError } from './errors.ts';
import type { ResolvedOptions } from './options.ts';

const PROFILE_FILE = /\.(ya?ml|json)$/i;

/**
 * The configured profiles, compiled: builtin names, profile files (`.yaml`/`.json`, errors at
 * file:line:col; docs/byo-firmware.md) or full profile objects (checked by twin).
 */
export function compileProfiles(list: ResolvedOptions['profiles']): TopicProfile[] {
  return list.map((p) => {
    if (typeof p === 'string') {
      if (isBuiltinProfileName(p)) return builtinProfile(p);
      if (PROFILE_FILE.test(p)) return parseProfileText(readProfileFile(p), p).profile;
      throw new PlatformError(
        'BAD_CONFIG',
        `Unknown topic profile '${p}'; use twinbench, iot-node, devices-mac, a profile file (.yaml or .json) or give a full profile object.`,
      );
    }
    return compileProfile(p as TopicProfileSpec);
  });
}

function readProfileFile(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (err) {
    throw new PlatformError(
      'BAD_CONFIG',
      `Topic profile file ${path} cannot be read (${(err as Error).message}); give an existing file (relative to ${process.cwd()}).`,
    );
  }
}
