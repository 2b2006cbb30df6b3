/**
 * Registers the HIL steps and the `hil:` section into the scenario engine's registry. scenarios/
 * never imports hil/: the CLI calls this before loading scenarios (`twinbench run`).
 */
import { stepRegistry, type StepRegistry } from '../../scenarios/index.ts';
import { hilExpectAction } from './actions/expect.ts';
import { hilFlashAction } from './actions/flash.ts';
import { hilResetAction } from './actions/reset.ts';
import { hilSendAction } from './actions/send.ts';
import { hilUnityAction } from './actions/unity.ts';
import { wokwiWaitSerialAction, wokwiWriteSerialAction } from './actions/wokwi.ts';
import { hilSection } from './hil-section.ts';

export const HIL_ACTIONS = [
  hilFlashAction,
  hilResetAction,
  hilExpectAction,
  hilSendAction,
  hilUnityAction,
  wokwiWaitSerialAction,
  wokwiWriteSerialAction,
] as const;

/** Idempotent: registering twice is a no-op. */
export function registerHilSteps(registry: StepRegistry = stepRegistry): void {
  registry.registerSection(hilSection);
  registry.registerAction(hilFlashAction);
  registry.registerAction(hilResetAction);
  registry.registerAction(hilExpectAction);
  registry.registerAction(hilSendAction);
  registry.registerAction(hilUnityAction);
  registry.registerAction(wokwiWaitSerialAction);
  registry.registerAction(wokwiWriteSerialAction);
}
