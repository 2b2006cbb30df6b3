/**
 * Wiring the firmware into the HIL machinery: the emulator runs the host node for `twinbench-node`
 * images, and the scenario engine knows `firmware.provision`. The CLI calls both at start (like
 * registerHilSteps), so `twinbench run` and the scenario library get them; tests call them too.
 */
import { registerEmulatorApp } from '../hil/index.ts';
import { stepRegistry, type StepRegistry } from '../scenarios/index.ts';
import { firmwareEmulatorApp, type FirmwareEmulatorAppOptions } from './emulator-app.ts';
import { FIRMWARE_PROJECT_NAME } from './paths.ts';
import { firmwareProvisionAction } from './sil/provision-step.ts';

/** Registers the host node as the emulator's app for `twinbench-node` images; returns the undo. */
export function registerFirmwareApp(options: FirmwareEmulatorAppOptions = {}): () => void {
  return registerEmulatorApp(FIRMWARE_PROJECT_NAME, firmwareEmulatorApp(options));
}

/** Registers `firmware.provision` (idempotent). */
export function registerFirmwareSteps(registry: StepRegistry = stepRegistry): void {
  registry.registerAction(firmwareProvisionAction);
}
