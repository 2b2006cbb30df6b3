import type { DeviceSelector as TwinDeviceSelector } from '../../twin/index.ts';
import type { CompiledCondition } from '../steps/types.ts';
import type { DataSource } from './data-source.ts';

/** A device as a scenario names it: an id (prefixed by the runner) or the n-th device of a fleet. */
export type DeviceRef = string | { fleet: string; n: number };

/** twin/'s device selector, plus the fleet it applies to (a scenario has several). */
export type DeviceSelector = TwinDeviceSelector & { fleet?: string };

/** What a condition may use while it samples. */
export interface ConditionContext {
  readonly data: DataSource;
  /** The platform id of a device (prefixed per scenario). */
  device(ref: DeviceRef): string;
  /** The platform ids of a set of devices. */
  devices(selector: DeviceSelector): string[];
  /** The platform id of a command sent with `send_command … as: ref`. */
  commandId(ref: string): string | undefined;
  /** Ids of a fleet's devices. */
  fleetDevices(fleet: string): string[];
  now(): number;
  /** When the scenario's timeline began (epoch ms). */
  readonly startedAt: number;
}

/** A point of a series an expectation looked at, for charts. */
export type SeriesPoint = [t: number, value: number | string | boolean | null];

/** One look at the world. */
export interface Sample {
  ok: boolean;
  /** The value compared (shown in failures). */
  actual: unknown;
  /** Extra words: which devices, how many points … */
  detail?: string;
  /** The data behind the value (history points), when there is a series to draw. */
  series?: SeriesPoint[];
}

/** A condition, compiled (steps/types.ts): looks once; Eventually/Always decide when and how often. */
export type Condition = CompiledCondition;
export type { CompiledCondition, ConditionSampleContext } from '../steps/types.ts';

export function refText(ref: DeviceRef): string {
  return typeof ref === 'string' ? ref : `${ref.fleet}#${ref.n}`;
}

/** "fleet site (type camera, 10%)", "brk-01, brk-02" */
export function selectorText(sel: DeviceSelector): string {
  const parts = [
    ...(sel.type ? [`type ${sel.type}`] : []),
    ...(sel.tag ? [`tag ${sel.tag}`] : []),
    ...(sel.fraction !== undefined ? [`${sel.fraction * 100}%`] : []),
    ...(sel.count !== undefined ? [`${sel.count} of them`] : []),
  ];
  const base = sel.fleet ? `fleet ${sel.fleet}` : sel.ids ? sel.ids.join(', ') : 'all devices';
  return parts.length ? `${base} (${parts.join(', ')})` : base;
}

/** Reads a dotted path (`shadow.state.reported.closed`) from a document. */
export function getPath(doc: unknown, path: string): unknown {
  let v = doc;
  for (const part of path.split('.')) {
    if (v === null || typeof v !== 'object') return undefined;
    v = (v as Record<string, unknown>)[part];
  }
  return v;
}
