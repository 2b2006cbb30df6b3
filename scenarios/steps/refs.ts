import type { DeviceRef, DeviceSelector } from '../expect/condition.ts';
import type { CompileContext } from './types.ts';

/** A `{fleet, n}` device must name a fleet the scenario defines. */
export function checkDevice(ref: DeviceRef | undefined, ctx: CompileContext, at: string): void {
  if (typeof ref === 'object') ctx.fleet(ref.fleet, `${at}/fleet`);
}

/** A selector's `fleet` must be one the scenario defines. */
export function checkSelector(sel: DeviceSelector | undefined, ctx: CompileContext, at: string): void {
  if (sel?.fleet !== undefined) ctx.fleet(sel.fleet, `${at}/fleet`);
}

/** A value in a few words for labels: strings as they are, the rest as JSON, cut at `max`. */
export function short(v: unknown, max = 70): string {
  const t = typeof v === 'string' ? v : (JSON.stringify(v) ?? '');
  return t.length > max ? `${t.slice(0, max - 1)}…` : t;
}
