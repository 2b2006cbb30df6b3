import { readFile } from 'node:fs/promises';
import { Command } from 'commander';
import {
  BoardBuilder,
  buildAppImage,
  buildFlashSet,
  formatPort,
  isChipName,
  listPorts,
  loadRig,
  patternFromText,
  rigFromObject,
  rigJsonSchema,
  selectBoards,
  setHilRigOverride,
  traceWanted,
  type FlashFile,
  type StartedBoard,
} from '../../hil/index.ts';
import { REPORTER_NAMES, runSuite, type ReporterName } from '../../scenarios/index.ts';
import { parseDuration } from '../../twin/index.ts';
import { addStackFlags, stackOptionsFrom, type StackFlags } from '../stack-flags.ts';
import { hilEmulateCommand } from './hil-emulate.ts';

/**
 * `twinbench hil …`: the serial HIL runner. Subcommands: ports, flash, monitor, run (and `emulate`,
 * which the emulator adds with one `.addCommand(…)` line below).
 */
export function hilCommand(): Command {
  return new Command('hil')
    .description('flash, monitor and test ESP32 boards over serial or RFC 2217 (or an emulated one)')
    .addCommand(portsCommand())
    .addCommand(flashCommand())
    .addCommand(monitorCommand())
    .addCommand(runCommand())
    .addCommand(
      new Command('schema')
        .description('print the rig file JSON Schema (for editors: # yaml-language-server: $schema=…)')
        .action(() => console.log(JSON.stringify(rigJsonSchema(), null, 2))),
    )
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

/** Flags that pick a board: a port spec, or a rig file and a board in it. */
interface BoardFlags {
  port?: string;
  rig?: string;
  board?: string;
  baud?: string;
  trace?: boolean;
  log?: string;
}

function addBoardFlags(cmd: Command): Command {
  return cmd
    .option('-p, --port <spec>', 'a local port (/dev/ttyUSB0), rfc2217://host:port or emulator:<chip>')
    .option(
      '--rig <file>',
      'rig file (YAML); with --board, the board to use (name or role; default the first)',
    )
    .option('--board <name>', 'board name or role in the rig')
    .option('--baud <n>', 'console baud rate (default the rig’s, or 115200)')
    .option('--log <dir>', 'write the console log to <dir>/<board>.log', 'reports/hil')
    .option('--trace', 'byte-level trace of the link on stderr (also TB_HIL_TRACE=1)');
}

async function startBoard(flags: BoardFlags, purpose: string): Promise<StartedBoard> {
  if (!flags.port && !flags.rig)
    throw new Error('Say which board: --port <spec> or --rig <file> [--board <name>].');
  const rig = flags.rig
    ? await loadRig(flags.rig)
    : rigFromObject({ boards: { board: { port: flags.port } } }, '--port');
  const board = flags.board ? selectBoards(rig, flags.board)[0]! : rig.boards[0]!;
  const withBaud = flags.baud ? { ...board, baud: Number(flags.baud) } : board;
  return new BoardBuilder(withBaud, { locksDir: rig.locksDir })
    .withLogDir(flags.log)
    .withPurpose(`twinbench hil ${purpose}`)
    .withTrace(flags.trace || traceWanted() ? (line) => process.stderr.write(`${line}\n`) : undefined)
    .start();
}

/** esptool's argument style: `app.bin`, or `0x1000 bootloader.bin 0x8000 pt.bin 0x10000 app.bin`. */
async function filesFrom(args: string[]): Promise<FlashFile[]> {
  if (args.length === 1)
    return [{ name: 'app', address: 0x10000, data: new Uint8Array(await readFile(args[0]!)) }];
  if (args.length % 2 !== 0)
    throw new Error(
      'Give an app image, or pairs of <address> <file> (0x1000 bootloader.bin 0x10000 app.bin).',
    );
  const out: FlashFile[] = [];
  for (let i = 0; i < args.length; i += 2) {
    const address = Number(args[i]);
    if (!Number.isInteger(address) || address < 0)
      throw new Error(`'${args[i]}' is not a flash address (write 0x10000).`);
    out.push({ name: args[i + 1]!, address, data: new Uint8Array(await readFile(args[i + 1]!)) });
  }
  return out;
}

function flashCommand(): Command {
  return addBoardFlags(
    new Command('flash')
      .description(
        'flash images with esptool-js (checked first: magic, chip, segments, checksum, SHA-256), verify MD5, reset into the app',
      )
      .argument('[files...]', 'app.bin (at 0x10000), or <address> <file> pairs as esptool takes them')
      .option('--flash-baud <n>', 'baud rate while writing (default the rig’s, or 460800)')
      .option(
        '--image <project@version>',
        'flash a generated ESP-IDF-shaped image set instead of files (for the emulator)',
      )
      .option('--no-cache', 'write even when the board already has these images')
      .option(
        '--expect <pattern>',
        'after the reset, wait for this on the console (/regex/ or text); exit 1 if it does not come',
      )
      .option('--timeout <duration>', 'for --expect', '10s'),
  ).action(
    async (
      args: string[],
      flags: BoardFlags & {
        flashBaud?: string;
        image?: string;
        cache: boolean;
        expect?: string;
        timeout: string;
      },
    ) => {
      const board = await startBoard(flags, 'flash');
      try {
        let files: FlashFile[];
        if (flags.image) {
          const [project, version = '1.0.0'] = flags.image.split('@');
          const chip = board.board.chip;
          if (!chip || !isChipName(chip))
            throw new Error(
              '--image needs a chip the emulator knows (esp32, esp32s3, esp32c3): use --port emulator:<chip> or set chip in the rig.',
            );
          files = buildFlashSet({ chip, app: buildAppImage({ chip, projectName: project!, version }) });
        } else {
          if (args.length === 0)
            throw new Error('Nothing to flash: give files, or --image <project@version>.');
          files = await filesFrom(args);
        }
        const shown = new Map<string, number>();
        const report = await board.flash(files, {
          ...(flags.flashBaud ? { baudRate: Number(flags.flashBaud) } : {}),
          ...(flags.cache ? {} : { useCache: false }),
          log: (line) => {
            if (!/^Writing at /.test(line)) console.error(`  ${line}`);
          },
          onProgress: (p) => {
            const pct = p.total ? Math.floor((100 * p.written) / p.total) : 100;
            const step = Math.floor(pct / 10);
            if (shown.get(p.file) === step) return;
            shown.set(p.file, step);
            console.error(
              `  ${p.file} @0x${p.address.toString(16)}  ${String(pct).padStart(3)}%  ${Math.round(p.bytesPerSecond).toLocaleString('en-US')} B/s`,
            );
          },
        });
        for (const f of report.files) {
          console.log(
            `${f.name} @0x${f.address.toString(16)}: ${f.skipped ? 'unchanged (flash MD5 agrees), not written' : `${f.size} bytes (${f.sent} sent) in ${f.seconds.toFixed(1)} s, MD5 ${f.md5} verified`}`,
          );
        }
        console.log(`${report.chip}, MAC ${report.mac}; reset into the app`);
        if (flags.expect) {
          const m = await board.console.expect(patternFromText(flags.expect), {
            timeoutMs: parseDuration(flags.timeout),
          });
          console.log(`console: ${JSON.stringify(m.text)}`);
        }
      } finally {
        await board.stop();
      }
    },
  );
}

function monitorCommand(): Command {
  return addBoardFlags(
    new Command('monitor')
      .description('show a board’s console (timestamped log in --log), type lines to it; Ctrl-C ends')
      .option('--reset', 'reset the board into its app first (the rig’s reset.app)')
      .option(
        '--expect <pattern>',
        'end when this shows up (exit 0), or after --timeout (exit 1, with the last lines)',
      )
      .option('--timeout <duration>', 'for --expect', '30s'),
  ).action(async (flags: BoardFlags & { reset?: boolean; expect?: string; timeout: string }) => {
    const board = await startBoard(flags, 'monitor');
    const off = board.link.onData((c) => process.stdout.write(c));
    const stdin = process.stdin.isTTY ? undefined : process.stdin;
    let typed = '';
    const onInput = (c: Buffer) => {
      typed += c.toString('utf8');
      for (let nl = typed.indexOf('\n'); nl !== -1; nl = typed.indexOf('\n')) {
        void board.console.send(typed.slice(0, nl).replace(/\r$/, ''));
        typed = typed.slice(nl + 1);
      }
    };
    (stdin ?? process.stdin).on('data', onInput);
    const done = new Promise<void>((resolve) => {
      process.once('SIGINT', () => resolve());
    });
    try {
      if (flags.reset) await board.reset();
      if (flags.expect) {
        await board.console.expect(patternFromText(flags.expect), {
          timeoutMs: parseDuration(flags.timeout),
        });
        console.error(`\n[twinbench] saw ${flags.expect}`);
      } else {
        await done;
      }
    } finally {
      process.stdin.off('data', onInput);
      process.stdin.pause();
      off();
      await board.stop();
    }
  });
}

function runCommand(): Command {
  return addStackFlags(
    new Command('run')
      .description('run HIL scenarios (scenario files with a hil: section), optionally on another rig')
      .argument('<paths...>', 'scenario files, folders or globs')
      .option(
        '--rig <file>',
        'use this rig for every hil: section (the same scenario on the desk, on a rig, in CI)',
      )
      .option(
        '--tag <tag>',
        'only scenarios with this tag; !tag excludes (repeatable)',
        (v: string, p: string[]) => [...p, v],
        [],
      )
      .option('--reporter <list>', `comma-separated: ${REPORTER_NAMES.join(', ')}`, 'console,junit')
      .option('--out <dir>', 'where junit.xml (and Unity results) go', 'reports/hil'),
  ).action(
    async (
      paths: string[],
      flags: StackFlags & { rig?: string; tag: string[]; reporter: string; out: string },
    ) => {
      if (flags.rig) setHilRigOverride(flags.rig);
      const { mode, ...stackOptions } = stackOptionsFrom(flags, (m) => console.error(`[twinbench] ${m}`));
      const result = await runSuite({
        paths,
        ...(flags.tag.length > 0 ? { tags: flags.tag } : {}),
        stack: mode ?? 'auto',
        stackOptions,
        reporters: flags.reporter.split(',').map((r) => r.trim()) as ReporterName[],
        outDir: flags.out,
      });
      process.exitCode = result.exitCode;
    },
  );
}
