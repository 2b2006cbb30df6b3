/**
 * A scenario's `deviceTypes:` — device-type files (paths relative to the scenario) read, checked and
 * registered while the scenario is prepared, so its fleets, expectations and platform know the types.
 * The runner's platform process gets every registered type in its config (world/platform-process.ts).
 */
import { dirname, resolve } from 'node:path';
import { readDeviceTypeFiles } from '../../runtime/index.ts';
import { isKnownDeviceType, knownDeviceTypes, registerDeviceTypes } from '../../twin/index.ts';
import { SCENARIOS_ERROR_CODES } from '../errors.ts';
import type { CodedIssue } from './compile-context.ts';

export function registerScenarioDeviceTypes(
  doc: Record<string, unknown>,
  file: string | undefined,
): CodedIssue[] {
  const list = doc.deviceTypes;
  if (list === undefined) return [];
  if (!Array.isArray(list))
    return [
      {
        code: SCENARIOS_ERROR_CODES.SCHEMA,
        path: '/deviceTypes',
        message: 'expected a list of device-type files',
      },
    ];
  const baseDir = file ? dirname(resolve(file)) : process.cwd();
  const issues: CodedIssue[] = [];
  list.forEach((entry: unknown, i) => {
    const path = `/deviceTypes/${i}`;
    if (typeof entry !== 'string') {
      issues.push({
        code: SCENARIOS_ERROR_CODES.SCHEMA,
        path,
        message: `expected a file path, got ${JSON.stringify(entry)}`,
      });
      return;
    }
    try {
      registerDeviceTypes(readDeviceTypeFiles([entry], baseDir));
    } catch (err) {
      issues.push({ code: SCENARIOS_ERROR_CODES.SCHEMA, path, message: (err as Error).message });
    }
  });
  return issues;
}

/**
 * Fleet groups whose type is neither built in nor registered: the fleet schema checks only the name's
 * shape (types from files are known at run time), so the loader names them here, at their place.
 */
export function fleetTypeIssues(doc: Record<string, unknown>): CodedIssue[] {
  const issues: CodedIssue[] = [];
  const fleets = Array.isArray(doc.fleets) ? (doc.fleets as unknown[]) : [];
  fleets.forEach((fleet, i) => {
    const groups = (fleet as { groups?: unknown } | null)?.groups;
    if (!Array.isArray(groups)) return;
    groups.forEach((group: unknown, j) => {
      const type = (group as { type?: unknown } | null)?.type;
      if (typeof type !== 'string' || isKnownDeviceType(type)) return;
      issues.push({
        code: SCENARIOS_ERROR_CODES.SCHEMA,
        path: `/fleets/${i}/groups/${j}/type`,
        message: `unknown device type '${type}'; one of ${knownDeviceTypes().join(', ')}, or a type of your own from a device-type file (deviceTypes:, --device-types)`,
      });
    });
  });
  return issues;
}
