import { Command } from 'commander';
import { formatPort, listPorts } from '../../hil/index.ts';
import { hilEmulateCommand } from './hil-emulate.ts';

/**
 * `twinbench hil …`: the serial HIL runner. Subcommands: ports, flash, monitor, run (and `emulate`,
 * which the emulator adds with one `.addCommand(…)` line below).
 */
export function hilCommand(): Command {
  return new Command('hil')
    .description('flash, monitor and test ESP32 boards over serial or RFC 2217 (or an emulated one)')
    .addCommand(portsCommand())
    .addCommand(hilEmulateCommand());
}

function portsCommand(): Command {
  return new Command('ports')
    .description('list serial ports with USB VID:PID, serial number, location and a chip guess')
    .option('--json', 'print JSON')
    .action(async (flags: { json?: boolean }) => {
      const ports = await listPorts();
      if (flags.json) {
        console.log(JSON.stringify(ports, null, 2));
        return;
      }
      if (ports.length === 0) {
        console.log(
          'No serial ports found. Remote rigs: use rfc2217://host:port; no hardware: twinbench hil emulate.',
        );
        return;
      }
      for (const p of ports) console.log(formatPort(p));
    });
}
