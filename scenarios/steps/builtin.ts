import { advanceAction } from './actions/advance.ts';
import { backfillAction } from './actions/backfill.ts';
import { clearFaultAction } from './actions/clear-fault.ts';
import { injectAction } from './actions/inject.ts';
import { noteAction } from './actions/note.ts';
import { publishAction } from './actions/publish.ts';
import { restartAction } from './actions/restart.ts';
import { sendCommandAction } from './actions/send-command.ts';
import { setDesiredAction } from './actions/set-desired.ts';
import { startFleetAction } from './actions/start-fleet.ts';
import { startPlatformAction } from './actions/start-platform.ts';
import { stopFleetAction } from './actions/stop-fleet.ts';
import { stopPlatformAction } from './actions/stop-platform.ts';
import { waitAction } from './actions/wait.ts';
import { commandCondition } from './conditions/command.ts';
import { deltaCondition } from './conditions/delta.ts';
import { eventCondition } from './conditions/event.ts';
import { healthCondition } from './conditions/health.ts';
import { historyCondition } from './conditions/history.ts';
import { lossCondition } from './conditions/loss.ts';
import { metricCondition } from './conditions/metric.ts';
import { onlineCondition } from './conditions/online.ts';
import { twinCondition } from './conditions/twin.ts';
import type { ActionModule, ConditionModule } from './types.ts';

/** The built-in actions, in the order the docs and the published schema list them. */
export const BUILTIN_ACTIONS: readonly ActionModule<never>[] = [
  startFleetAction,
  stopFleetAction,
  injectAction,
  clearFaultAction,
  setDesiredAction,
  sendCommandAction,
  restartAction,
  stopPlatformAction,
  startPlatformAction,
  advanceAction,
  backfillAction,
  publishAction,
  waitAction,
  noteAction,
];

/** The built-in conditions. */
export const BUILTIN_CONDITIONS: readonly ConditionModule<never>[] = [
  twinCondition,
  deltaCondition,
  onlineCondition,
  historyCondition,
  eventCondition,
  commandCondition,
  metricCondition,
  lossCondition,
  healthCondition,
];
