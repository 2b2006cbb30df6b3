/**
 * The device side of the AWS IoT Device Shadow: a delta (or the delta in a `get/accepted` document after
 * a reconnect) is handed to the model, which obeys what it can (clamping out-of-range values), and the
 * device reports its state back with `{ state: { reported } }`. Whatever it could not apply stays in
 * the delta, as with a real device.
 */
import { isJsonObject, validateDesired } from '../../twin/index.ts';

/** What the handler needs from its device. */
export interface ShadowTarget {
  readonly id: string;
  /** A built-in type, or one loaded from a device-type file. */
  readonly type: string;
  readonly model: { applyDesired(patch: Record<string, unknown>): void; advance(toMs: number): unknown };
  now(): number;
  /** The publish interval may have changed: reschedule. */
  intervalChanged(): void;
  afterChange(): void;
  error(message: string): void;
  countDelta(): void;
}

function parse(payload: Buffer): unknown {
  try {
    return JSON.parse(payload.toString('utf8'));
  } catch {
    return undefined;
  }
}

function apply(d: ShadowTarget, desired: Record<string, unknown>): void {
  const check = validateDesired(d.type, desired);
  if (!check.ok) d.error(`desired state partly invalid (applied what fits): ${check.errors.join('; ')}`);
  d.countDelta();
  d.model.advance(d.now());
  d.model.applyDesired(desired);
  d.intervalChanged();
  d.afterChange(); // reports the new state (only when it changed: what the model refused stays in the delta)
}

/** `$aws/things/{id}/shadow/update/delta`: `{ state: {…}, version, timestamp }`. */
export function handleDelta(d: ShadowTarget, payload: Buffer): void {
  const body = parse(payload);
  const state = isJsonObject(body) ? body.state : undefined;
  if (!isJsonObject(state)) {
    d.error('shadow delta without a state object: ignored');
    return;
  }
  apply(d, state);
}

/** `$aws/things/{id}/shadow/get/accepted`: the whole document; its `state.delta` is what was missed. */
export function handleGetAccepted(d: ShadowTarget, payload: Buffer): void {
  const body = parse(payload);
  const state = isJsonObject(body) ? body.state : undefined;
  const delta = isJsonObject(state) ? state.delta : undefined;
  if (isJsonObject(delta) && Object.keys(delta).length > 0) apply(d, delta);
}
