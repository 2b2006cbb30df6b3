import type { ActionKey } from '../../format/schema/actions.ts';
import type { ActionHandler } from './context.ts';
import { advance, backfill, clearFault, inject, startFleet, stopFleet } from './fleet-actions.ts';
import { note, publish, wait } from './misc-actions.ts';
import { restart, sendCommand, setDesired, startPlatform, stopPlatform } from './platform-actions.ts';

/** One handler per action key of the schema (the compiler checks that none is missing). */
export const ACTION_HANDLERS: { [K in ActionKey]: ActionHandler<never> } = {
  start_fleet: startFleet,
  stop_fleet: stopFleet,
  inject,
  clear_fault: clearFault,
  set_desired: setDesired,
  send_command: sendCommand,
  restart,
  stop_platform: stopPlatform,
  start_platform: startPlatform,
  advance,
  backfill,
  publish,
  wait,
  note,
};

export type { ActionContext, ActionHandler } from './context.ts';
