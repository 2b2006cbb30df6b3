/** Checks of a fleet spec beyond its schema: profile, model options, id patterns, scheduled faults. */
import {
  compileProfile,
  isBuiltinProfileName,
  BUILTIN_PROFILE_NAMES,
  deviceTypeShort,
  isKnownDeviceType,
  knownDeviceTypes,
  type TopicProfileSpec,
} from '../../twin/index.ts';
import {
  DEFAULT_BREAKER_OPTIONS,
  DEFAULT_CAMERA_OPTIONS,
  DEFAULT_ENV_SENSOR_OPTIONS,
  RESOLUTIONS,
  TRIP_CURVES,
} from '../models/index.ts';
import { faultIssues } from './fault-check.ts';
import { expandIdPattern, inspectIdPattern } from './id-pattern.ts';
import { schemaIssues, show, type SpecIssue } from './schema-issues.ts';
import { FleetSpecSchema, type FleetSpec } from './spec.ts';

type OptionKind = 'number' | 'boolean' | 'string' | readonly string[];

/** Option kinds per device type, from the models' defaults (seed and startMs are the fleet's to set). */
function optionKinds(defaults: object, extra: Record<string, OptionKind>): Record<string, OptionKind> {
  const kinds: Record<string, OptionKind> = { ...extra };
  for (const [k, v] of Object.entries(defaults)) {
    if (k === 'seed' || k === 'startMs' || k in kinds) continue;
    kinds[k] = typeof v as 'number' | 'boolean' | 'string';
  }
  return kinds;
}

export const MODEL_OPTION_KINDS: Readonly<Record<string, Record<string, OptionKind>>> = {
  smart_breaker: optionKinds(DEFAULT_BREAKER_OPTIONS, {
    baseLoadA: 'number',
    curve: TRIP_CURVES,
    profile: ['residential', 'commercial', 'flat'],
  }),
  env_sensor: optionKinds(DEFAULT_ENV_SENSOR_OPTIONS, {
    meanRssiDbm: 'number',
    initialBatteryPercent: 'number',
  }),
  camera: optionKinds(DEFAULT_CAMERA_OPTIONS, { initialStoragePercent: 'number', resolution: RESOLUTIONS }),
};

function profileIssues(profile: FleetSpec['profile']): { issues: SpecIssue[]; usesMac: boolean } {
  if (profile === undefined) return { issues: [], usesMac: false };
  if (typeof profile === 'string') {
    if (isBuiltinProfileName(profile)) return { issues: [], usesMac: profile === 'devices-mac' };
    return {
      issues: [
        {
          path: ['profile'],
          message: `unknown topic profile '${profile}'; one of ${BUILTIN_PROFILE_NAMES.join(', ')}, or a profile spec`,
        },
      ],
      usesMac: false,
    };
  }
  try {
    compileProfile(profile as TopicProfileSpec);
    return { issues: [], usesMac: profile.telemetry.includes('{mac}') };
  } catch (err) {
    return { issues: [{ path: ['profile'], message: (err as Error).message }], usesMac: false };
  }
}

function optionIssues(type: string, options: Record<string, unknown>, i: number): SpecIssue[] {
  const kinds = MODEL_OPTION_KINDS[type] ?? {};
  const issues: SpecIssue[] = [];
  for (const [key, value] of Object.entries(options)) {
    const path = ['groups', i, 'options', key];
    const kind = kinds[key];
    if (key === 'seed' || key === 'startMs') {
      issues.push({
        path,
        onKey: true,
        message: `'${key}' is set by the fleet (spec seed, fleet clock); remove it`,
      });
    } else if (kind === undefined) {
      issues.push({
        path,
        onKey: true,
        message: `unknown ${type} option '${key}'; allowed: ${Object.keys(kinds).join(', ')}`,
      });
    } else if (Array.isArray(kind)) {
      if (!kind.includes(value as string))
        issues.push({ path, message: `expected one of ${kind.map(show).join(', ')}, got ${show(value)}` });
    } else if (typeof value !== kind || (kind === 'number' && !Number.isFinite(value))) {
      issues.push({
        path,
        message: `expected ${kind === 'boolean' ? 'true or false' : `a ${kind}`}, got ${show(value)}`,
      });
    }
  }
  return issues;
}

/** Every problem of `value` as a fleet spec (schema first; the rest only when the shape is right). */
export function fleetSpecIssues(value: unknown): SpecIssue[] {
  const shape = schemaIssues(FleetSpecSchema, value);
  if (shape.length > 0) return shape;
  const spec = value as FleetSpec;
  const { issues, usesMac } = profileIssues(spec.profile);
  const seen = new Map<string, number>();
  const counters: Record<string, number> = {};
  spec.groups.forEach((g, i) => {
    issues.push(...optionIssues(g.type, g.options ?? {}, i));
    const path = ['groups', i, 'idPattern'];
    if (!isKnownDeviceType(g.type))
      issues.push({
        path: ['groups', i, 'type'],
        message: `unknown device type ${show(g.type)}; one of ${knownDeviceTypes().join(', ')}, or load a device-type file that defines it (--device-types, a scenario's deviceTypes:)`,
      });
    const pattern = g.idPattern ?? (usesMac ? '{mac}' : `${deviceTypeShort(g.type)}-{n:04}`);
    const info = inspectIdPattern(pattern);
    const first = (counters[pattern] ?? 0) + 1;
    counters[pattern] = first - 1 + g.count;
    if (info.unknown.length > 0) {
      issues.push({
        path,
        message: `unknown placeholder ${info.unknown.join(', ')}; use {n}, {n:04} or {mac}`,
      });
    } else if (usesMac && pattern !== '{mac}') {
      issues.push({
        path,
        message: `the profile names devices by MAC address, so the id pattern must be '{mac}', got ${show(pattern)}`,
      });
    } else if (!info.usesN && !info.usesMac && g.count > 1) {
      issues.push({
        path,
        message: `expected a pattern with {n}, {n:04} or {mac} so ids differ, got ${show(pattern)}`,
      });
    } else if (!info.usesMac) {
      // {n} patterns, or the literal id of a group of one device
      for (const n of [first, first + g.count - 1]) {
        const id = expandIdPattern(pattern, n, '');
        if (!/^[A-Za-z0-9_.:-]{1,128}$/.test(id)) {
          issues.push({
            path,
            message: `gives the id ${show(id)}; device ids are 1–128 of A-Z a-z 0-9 _ . : -`,
          });
          return;
        }
      }
      for (let n = first; n < first + g.count; n++) {
        const id = expandIdPattern(pattern, n, '');
        const other = seen.get(id);
        if (other !== undefined) {
          issues.push({
            path,
            message: `gives the id '${id}', already given by groups[${other}]; make the patterns differ`,
          });
          return;
        }
        seen.set(id, i);
      }
    }
  });
  spec.faults?.forEach((f, i) => issues.push(...faultIssues(f.fault, ['faults', i, 'fault'])));
  return issues;
}
