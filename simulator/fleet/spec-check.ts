/** Checks of a fleet spec beyond its schema: profile, model options, id patterns, scheduled faults. */
import {
  compileProfile,
  isBuiltinProfileName,
  BUILTIN_PROFILE_NAMES,
  deviceTypeShort,
  isKnownDeviceType,
  knownDeviceTypes,
  parseDeviceTypeDocument,
  registerDeviceTypes,
  type TopicProfileSpec,
} from '../../twin/index.ts';
import {
  DEFAULT_BREAKER_OPTIONS,
  DEFAULT_CAMERA_OPTIONS,
  DEFAULT_ENV_SENSOR_OPTIONS,
  DEFAULT_GATEWAY_OPTIONS,
  GATEWAY_RADIO_KINDS,
  RESOLUTIONS,
  TRIP_CURVES,
} from '../models/index.ts';
import { expandGateways } from '../gateway/spec.ts';
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
  gateway: optionKinds(DEFAULT_GATEWAY_OPTIONS, { meanUplinkRssiDbm: 'number', radio: GATEWAY_RADIO_KINDS }),
};

/** Gateways carry children of any type but their own, on twinbench's tb/v1 topics. */
function gatewayIssues(spec: FleetSpec): SpecIssue[] {
  const issues: SpecIssue[] = [];
  const gateways = spec.gateways ?? [];
  const profile = spec.profile ?? 'twinbench';
  if (gateways.length > 0 && profile !== 'twinbench') {
    issues.push({
      path: ['profile'],
      message: `gateways speak twinbench's tb/v1/{gateway}/children topics; use the twinbench profile (got ${show(typeof profile === 'string' ? profile : profile.name)})`,
    });
  }
  gateways.forEach((g, i) => {
    if (g.children.type === 'gateway')
      issues.push({
        path: ['gateways', i, 'children', 'type'],
        message: 'a gateway cannot carry gateways; give the children a device type such as env_sensor',
      });
  });
  return issues;
}

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

/**
 * Registers the spec's inline device types (paths were turned into documents by the loader), so its
 * groups may name them; a bad document is an issue at its place in the list.
 */
function registerSpecDeviceTypes(spec: FleetSpec): SpecIssue[] {
  const issues: SpecIssue[] = [];
  (spec.deviceTypes ?? []).forEach((entry, i) => {
    const path = ['deviceTypes', i];
    if (typeof entry === 'string') {
      issues.push({
        path,
        message: `a path is read by loadFleetSpec or validateFleetSpec; pass the document (got ${show(entry)})`,
      });
      return;
    }
    try {
      registerDeviceTypes([parseDeviceTypeDocument(entry, `deviceTypes[${i}]`)]);
    } catch (err) {
      const lines = (err as Error).message.split('\n');
      issues.push({ path, message: lines.length > 2 ? lines.slice(1, -1).join('; ').trim() : lines[0]! });
    }
  });
  return issues;
}

/** Every problem of `value` as a fleet spec (schema first; the rest only when the shape is right). */
export function fleetSpecIssues(value: unknown): SpecIssue[] {
  const shape = schemaIssues(FleetSpecSchema, value);
  if (shape.length > 0) return shape;
  const given = value as FleetSpec;
  const typeIssues = registerSpecDeviceTypes(given);
  if (typeIssues.length > 0) return typeIssues;
  const { issues, usesMac } = profileIssues(given.profile);
  if (given.groups.length === 0 && (given.gateways ?? []).length === 0)
    issues.push({ path: ['groups'], message: 'expected at least one group or gateway' });
  issues.push(...gatewayIssues(given));
  // Gateway entries are checked as the groups they become (ids of children and gateways included).
  const spec = expandGateways(given).spec;
  const groupName = (i: number): string => {
    const [list, k] = groupPath(i);
    return `${list}[${k}]`;
  };
  const groupPath = (i: number): (string | number)[] =>
    i < given.groups.length
      ? ['groups', i]
      : (i - given.groups.length) % 2 === 0
        ? ['gateways', (i - given.groups.length) / 2]
        : ['gateways', (i - given.groups.length - 1) / 2, 'children'];
  const seen = new Map<string, number>();
  const counters: Record<string, number> = {};
  spec.groups.forEach((g, i) => {
    if (i < given.groups.length) issues.push(...optionIssues(g.type, g.options ?? {}, i));
    const path = [...groupPath(i), 'idPattern'];
    if (!isKnownDeviceType(g.type))
      issues.push({
        path: [...groupPath(i), 'type'],
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
            message: `gives the id '${id}', already given by ${groupName(other)}; make the patterns differ`,
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
