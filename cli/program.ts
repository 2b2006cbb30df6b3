import { Command } from 'commander';
import { doctorCommand } from './commands/doctor.ts';
import { hilCommand } from './commands/hil.ts';
import { registerHilSteps } from '../hil/index.ts';
import { registerFirmwareApp, registerFirmwareSteps } from '../firmware/index.ts';
import { firmwareCommand } from './commands/firmware.ts';
import { demoCommand } from './commands/demo.ts';
import { loadCommand } from './commands/load.ts';
import { platformCommand } from './commands/platform.ts';
import { pkiCommand } from './commands/pki.ts';
import { profileCommand } from './commands/profile.ts';
import { runCommand } from './commands/run.ts';
import { simulateCommand } from './commands/simulate.ts';
import { stackCommand } from './commands/stack.ts';
import { tokenCommand } from './commands/token.ts';

/** The `twinbench` command. Later parts add their subcommands here (platform, simulate, run, demo, hil). */
export function buildProgram(): Command {
  // HIL steps (hil.flash, hil.expect, wait-serial …) and the `hil:` section, before `run` loads scenarios.
  registerHilSteps();
  // The host node as the emulator's app for `twinbench-node` images, and the `firmware.provision` step.
  registerFirmwareApp();
  registerFirmwareSteps();
  return new Command('twinbench')
    .description('digital-twin simulator and hardware-in-the-loop test bench for IoT fleets')
    .version('0.1.0')
    .showHelpAfterError()
    .addCommand(demoCommand())
    .addCommand(stackCommand())
    .addCommand(platformCommand())
    .addCommand(simulateCommand())
    .addCommand(runCommand())
    .addCommand(loadCommand())
    .addCommand(hilCommand())
    .addCommand(firmwareCommand())
    .addCommand(tokenCommand())
    .addCommand(profileCommand())
    .addCommand(pkiCommand())
    .addCommand(doctorCommand());
}
