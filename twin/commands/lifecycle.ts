/**
 * The command lifecycle as the platform tracks it: pending → delivered → succeeded | failed | timed_out.
 * A device answers with one of `COMMAND_STATUSES` (delivered, succeeded, failed); `pending` and
 * `timed_out` are the platform's own.
 */
import { Type } from 'typebox';

/** Every status a tracked command can have, in lifecycle order. */
export const COMMAND_LIFECYCLE = Object.freeze([
  'pending',
  'delivered',
  'succeeded',
  'failed',
  'timed_out',
] as const);
export type CommandLifecycleStatus = (typeof COMMAND_LIFECYCLE)[number];

/** Statuses after which nothing changes any more (a late success stays timed out). */
export const FINAL_COMMAND_STATUSES: readonly CommandLifecycleStatus[] = Object.freeze([
  'succeeded',
  'failed',
  'timed_out',
]);

/** Allowed transitions: from each status, the statuses it may move to. */
export const COMMAND_TRANSITIONS: Readonly<
  Record<CommandLifecycleStatus, readonly CommandLifecycleStatus[]>
> = Object.freeze({
  pending: ['delivered', 'succeeded', 'failed', 'timed_out'],
  delivered: ['succeeded', 'failed', 'timed_out'],
  succeeded: [],
  failed: [],
  timed_out: [],
});

export function isCommandLifecycleStatus(value: unknown): value is CommandLifecycleStatus {
  return typeof value === 'string' && (COMMAND_LIFECYCLE as readonly string[]).includes(value);
}

export function isFinalCommandStatus(status: CommandLifecycleStatus): boolean {
  return FINAL_COMMAND_STATUSES.includes(status);
}

/** Whether a command in status `from` may move to `to` (staying put is not a transition). */
export function canTransition(from: CommandLifecycleStatus, to: CommandLifecycleStatus): boolean {
  return COMMAND_TRANSITIONS[from].includes(to);
}

export const CommandLifecycleStatusSchema = Type.Enum([...COMMAND_LIFECYCLE], {
  description: `Command status: ${COMMAND_LIFECYCLE.join(' → ')} (final: ${FINAL_COMMAND_STATUSES.join(', ')})`,
});
