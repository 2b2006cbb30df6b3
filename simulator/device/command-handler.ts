/**
 * Commands, the way a device answers them: `delivered` at once, then after the group's latency the
 * model runs the command and the device answers `succeeded` (with the result) or `failed` (with the
 * reason). A share of commands fails on purpose (`commandFailureRate`). A sleeping env sensor holds
 * commands until it wakes for its next publish. A retried command id is answered, not run twice.
 */
import { parseCommandMessage, type CommandStatus } from '../../twin/index.ts';
import type { Rng } from '../models/index.ts';

/** What the handler needs from its device. */
export interface CommandTarget {
  readonly id: string;
  readonly model: {
    advance(toMs: number): unknown;
    command(
      name: string,
      params?: Record<string, unknown>,
    ): { ok: true; result?: unknown } | { ok: false; error: string };
    reported(): Record<string, unknown>;
  };
  readonly commandLatencyMs: number;
  readonly commandFailureRate: number;
  /** Virtual now. */
  now(): number;
  /** Sends a command response (QoS 1) on the profile's commandResponse topic. */
  respond(body: object): void;
  /** Runs `fn` after `ms` real milliseconds. */
  later(ms: number, fn: () => void): void;
  /** Seeded stream for failures on purpose. */
  commandRng(): Rng;
  /** Publishes what the command changed (events, reported state, a telemetry snapshot). */
  afterChange(): void;
  /** Asleep (env sensor in deep sleep): hold the command until the next wake-up. */
  asleep(): boolean;
  hold(run: () => void): void;
  error(message: string): void;
}

interface Answered {
  id: string;
  status: CommandStatus;
  body: object;
}

/** Last answers per device, for retries with the same id (kept small: 4 per device, only once used). */
const recent = new WeakMap<CommandTarget, Answered[]>();

function remember(d: CommandTarget, answer: Answered): void {
  let list = recent.get(d);
  if (!list) recent.set(d, (list = []));
  const at = list.findIndex((a) => a.id === answer.id);
  if (at >= 0) list.splice(at, 1);
  list.push(answer);
  if (list.length > 4) list.shift();
}

/** Handles a command message received on the device's command topic. */
export function handleCommand(d: CommandTarget, payload: Buffer): void {
  const parsed = parseCommandMessage(payload);
  if (!parsed.ok) {
    d.error(`command rejected: ${parsed.errors.join('; ')}`);
    const id = safeId(payload);
    if (id)
      d.respond({
        id,
        status: 'failed',
        error: `malformed command: ${parsed.errors.join('; ')}`,
        ts: d.now(),
      });
    return;
  }
  const { id, name, params } = parsed.value;
  const previous = recent.get(d)?.find((a) => a.id === id);
  if (previous) {
    d.respond(previous.body);
    return;
  }
  const delivered = { id, status: 'delivered', ts: d.now() };
  remember(d, { id, status: 'delivered', body: delivered });
  d.respond(delivered);
  const run = () =>
    d.later(d.commandLatencyMs, () => {
      let body: object;
      if (d.commandFailureRate > 0 && d.commandRng().chance(d.commandFailureRate)) {
        body = {
          id,
          status: 'failed',
          error: `simulated failure (commandFailureRate ${d.commandFailureRate})`,
          ts: d.now(),
        };
      } else {
        const now = d.now();
        d.model.advance(now);
        const r = d.model.command(name, params);
        body = r.ok
          ? { id, status: 'succeeded', ...(r.result !== undefined ? { result: r.result } : {}), ts: now }
          : { id, status: 'failed', error: r.error, ts: now };
      }
      remember(d, { id, status: (body as { status: CommandStatus }).status, body });
      d.respond(body);
      d.afterChange();
    });
  if (d.asleep()) d.hold(run);
  else run();
}

function safeId(payload: Buffer): string | undefined {
  try {
    const v = JSON.parse(payload.toString('utf8')) as { id?: unknown };
    return typeof v.id === 'string' && v.id.length > 0 ? v.id : undefined;
  } catch {
    return undefined;
  }
}
