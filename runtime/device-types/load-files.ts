/**
 * Reading device-type files from disk: a file, or a folder of them (*.yaml, *.yml, *.json, in name
 * order). Parsing and checking is twin's (`parseDeviceTypeFile`); this is only the I/O around it, shared
 * by the platform, the simulator, the scenario runner and the CLI.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import {
  DEVICE_TYPE_ERROR_CODES,
  TwinbenchError,
  parseDeviceTypeFile,
  type DeviceTypeDefinition,
} from '../../twin/index.ts';

const TYPE_FILE = /\.(ya?ml|json)$/i;

/** The files `path` names: itself, or the type files in the folder (sorted). */
function filesOf(path: string): string[] {
  let stat;
  try {
    stat = statSync(path);
  } catch {
    throw new TwinbenchError(
      DEVICE_TYPE_ERROR_CODES.BAD_FILE,
      `Device-type file or folder ${path} not found (cwd ${process.cwd()}); pass an existing YAML file or a folder of them.`,
    );
  }
  if (!stat.isDirectory()) return [path];
  const files = readdirSync(path)
    .filter((f) => TYPE_FILE.test(f))
    .sort()
    .map((f) => join(path, f));
  if (files.length === 0) {
    throw new TwinbenchError(
      DEVICE_TYPE_ERROR_CODES.BAD_FILE,
      `Folder ${path} holds no device-type files (*.yaml, *.yml, *.json).`,
    );
  }
  return files;
}

/**
 * Reads and checks every device-type file in `paths` (files or folders, relative to `baseDir`, default
 * the working directory). Throws DeviceTypeFileError (file:line:col) for the first bad file. Does not
 * register the types: `registerDeviceTypes` does, where the caller decides.
 */
export function readDeviceTypeFiles(
  paths: readonly string[],
  baseDir = process.cwd(),
): DeviceTypeDefinition[] {
  const out: DeviceTypeDefinition[] = [];
  for (const p of paths) {
    for (const file of filesOf(resolve(baseDir, p)))
      out.push(parseDeviceTypeFile(readFileSync(file, 'utf8'), file));
  }
  return out;
}

/** Paths from an environment variable: separated by ':' (or ';' on Windows), blanks dropped. */
export function deviceTypePathsFromEnv(value: string | undefined): string[] {
  if (!value) return [];
  return value
    .split(process.platform === 'win32' ? ';' : ':')
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
}
