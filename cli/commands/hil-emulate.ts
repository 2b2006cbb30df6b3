import { readFileSync } from 'node:fs';
import { Command, InvalidArgumentError } from 'commander';
import {
  BUILTIN_CONSOLE_APP,
  buildAppImage,
  buildFlashSet,
  checkImageForChip,
  createEmulatedBoard,
  isChipName,
  serveRfc2217,
  type ChipName,
  type EmulatorAppCommand,
} from '../../hil/index.ts';
import { waitForSignal } from '../signals.ts';

interface EmulateFlags {
  chip: ChipName;
  rfc2217Port: number;
  host: string;
  flashFile?: string;
  flashSize: number;
  mac?: string;
  app: [string, EmulatorAppCommand][];
  preload?: string;
  resetMode: 'lines' | 'esptool';
  resetCircuit?: 'classic' | 'usb-jtag-serial';
}

/** `NAME=COMMAND ARGS…` → [name, { command, args }]; quotes group words. */
export function parseAppFlag(
  value: string,
  previous: [string, EmulatorAppCommand][] = [],
): [string, EmulatorAppCommand][] {
  const eq = value.indexOf('=');
  const name = value.slice(0, eq);
  const words = [...value.slice(eq + 1).matchAll(/"([^"]*)"|'([^']*)'|(\S+)/g)].map(
    (m) => m[1] ?? m[2] ?? m[3] ?? '',
  );
  if (eq <= 0 || words.length === 0) {
    throw new InvalidArgumentError(
      `expected NAME=COMMAND (e.g. twinbench-node=./build/twinbench-node), got "${value}"`,
    );
  }
  const [command = '', ...args] = words;
  return [...previous, [name, { command, args }]];
}

function chipFlag(value: string): ChipName {
  if (!isChipName(value)) throw new InvalidArgumentError('use esp32, esp32s3 or esp32c3');
  return value;
}

function intFlag(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new InvalidArgumentError(`"${value}" is not a whole number`);
  return n;
}

/**
 * `twinbench hil emulate`: an emulated ESP32 board served over RFC 2217 on loopback, for people
 * without hardware and for CI. Flash it with esptool or `twinbench hil flash`, watch it with any
 * serial monitor that speaks `rfc2217://`.
 */
export function hilEmulateCommand(): Command {
  return new Command('emulate')
    .description('serve an emulated ESP32 / ESP32-S3 / ESP32-C3 over RFC 2217 (see docs/hil-emulator.md)')
    .option('--chip <chip>', 'esp32, esp32s3 or esp32c3', chipFlag, 'esp32' as ChipName)
    .option('--rfc2217-port <port>', 'TCP port (0 = any free one)', intFlag, 4000)
    .option('--host <address>', 'address to listen on', '127.0.0.1')
    .option('--flash-file <file>', 'keep the flash in this file between runs (created when missing)')
    .option('--flash-size <MiB>', 'flash size in MiB: 2, 4, 8 or 16', intFlag, 4)
    .option('--mac <aa:bb:cc:dd:ee:ff>', 'efuse MAC (default: the chip’s Espressif OUI + a serial)')
    .option(
      '--app <NAME=COMMAND>',
      'run COMMAND as the app for images whose project name is NAME (repeatable)',
      parseAppFlag,
      [] as [string, EmulatorAppCommand][],
    )
    .option(
      '--preload <app.bin|tb-console>',
      `flash bootloader, partition table and this app before power-on (${BUILTIN_CONSOLE_APP}: the built-in console app)`,
    )
    .option(
      '--reset-mode <mode>',
      'lines (DTR/RTS as sent, like ser2net) or esptool (like esp_rfc2217_server)',
      'lines',
    )
    .option('--reset-circuit <circuit>', 'classic (USB-UART bridge) or usb-jtag-serial (default: the chip’s)')
    .action(async (flags: EmulateFlags) => {
      if (![2, 4, 8, 16].includes(flags.flashSize))
        throw new InvalidArgumentError('--flash-size: 2, 4, 8 or 16');
      if (!['lines', 'esptool'].includes(flags.resetMode))
        throw new InvalidArgumentError('--reset-mode: lines or esptool');
      if (flags.resetCircuit && !['classic', 'usb-jtag-serial'].includes(flags.resetCircuit)) {
        throw new InvalidArgumentError('--reset-circuit: classic or usb-jtag-serial');
      }
      let initialFlash;
      if (flags.preload) {
        const app =
          flags.preload === BUILTIN_CONSOLE_APP
            ? buildAppImage({ chip: flags.chip, projectName: BUILTIN_CONSOLE_APP, version: '1.0.0' })
            : new Uint8Array(readFileSync(flags.preload));
        checkImageForChip(app, flags.chip);
        initialFlash = buildFlashSet({ chip: flags.chip, app });
      }
      const board = createEmulatedBoard({
        chip: flags.chip,
        flashFile: flags.flashFile,
        flashSizeMiB: flags.flashSize as 2 | 4 | 8 | 16,
        mac: flags.mac,
        resetCircuit: flags.resetCircuit,
        apps: Object.fromEntries(flags.app),
        initialFlash,
      });
      const server = await serveRfc2217(board, {
        host: flags.host,
        port: flags.rfc2217Port,
        resetMode: flags.resetMode === 'esptool' ? 'esptool' : 'lines',
      });
      const p = board.personality;
      console.log(`${p.label} emulator on ${server.url}`);
      console.log(
        `  MAC ${board.mac}, ${flags.flashSize} MB flash${flags.flashFile ? ` in ${flags.flashFile}` : ''}, ${board.resetCircuit} reset circuit, ${flags.resetMode} reset mode`,
      );
      console.log(`  apps: ${[BUILTIN_CONSOLE_APP, ...flags.app.map(([n]) => n)].join(', ')}`);
      console.log(`  monitor: python3 -m serial.tools.miniterm ${server.url} 115200`);
      console.log(
        `  flash:   twinbench hil flash (docs/hil.md), or esptool.py --port '${server.url}?ign_set_control' write_flash … ${
          flags.resetMode === 'esptool' ? '' : '(start with --reset-mode esptool for esptool.py)'
        }`,
      );
      console.log('Ctrl-C stops it.');
      await waitForSignal();
      await server.close();
      await board.close();
    });
}
