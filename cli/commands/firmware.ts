import { spawn } from 'node:child_process';
import { relative } from 'node:path';
import { Command, Option } from 'commander';
import {
  buildHostNode,
  FIRMWARE_DEVICE_TYPES,
  firmwareVersion,
  packFirmware,
  requireHostNode,
  type PackedFirmware,
} from '../../firmware/index.ts';
import { CHIP_NAMES, type ChipName } from '../../hil/index.ts';

/**
 * `twinbench firmware …`: the node firmware's host target. `build` compiles it (CMake, Release) and packs
 * it into ESP32 flash sets for the emulated board; `pack` packs again; `run` starts a host node.
 */
export function firmwareCommand(): Command {
  return new Command('firmware')
    .description('build, pack and run the node firmware’s host target (docs/firmware.md)')
    .addCommand(buildCommand())
    .addCommand(packCommand())
    .addCommand(runCommand());
}

const chipOption = () =>
  new Option('--chip <chip...>', 'chips to pack for').choices(CHIP_NAMES).default([...CHIP_NAMES]);

function printPacked(packed: PackedFirmware[]): void {
  for (const p of packed) {
    console.log(`${p.chip.padEnd(8)} ${p.projectName} ${p.version}  app sha256 ${p.appSha256.slice(0, 16)}…`);
    for (const f of p.files)
      console.log(
        `  0x${f.address.toString(16).padStart(5, '0')}  ${relative(process.cwd(), f.path)} (${f.bytes} bytes)`,
      );
  }
}

function buildCommand(): Command {
  return new Command('build')
    .description('build twinbench-node with CMake (firmware/build/host) and pack it for the emulator')
    .option('--jobs <n>', 'parallel compile jobs', (v) => Number.parseInt(v, 10), 2)
    .option('--tests', 'also build the GoogleTest binary')
    .option('--no-pack', 'skip packing the ESP32 flash sets')
    .option('--verbose', 'show the compiler output')
    .addOption(chipOption())
    .action(
      async (flags: {
        jobs: number;
        tests?: boolean;
        pack: boolean;
        verbose?: boolean;
        chip: ChipName[];
      }) => {
        process.stderr.write(
          `[firmware] building twinbench-node ${firmwareVersion()} (Release, -j${flags.jobs})…\n`,
        );
        const build = await buildHostNode({
          jobs: flags.jobs,
          tests: flags.tests ?? false,
          onOutput: flags.verbose ? (line) => process.stderr.write(`${line}\n`) : undefined,
        });
        console.log(
          `built ${relative(process.cwd(), build.binary)} ${build.version} in ${(build.ms / 1000).toFixed(1)} s`,
        );
        if (flags.pack) printPacked(packFirmware({ chips: flags.chip, binary: build.binary }));
      },
    );
}

function packCommand(): Command {
  return new Command('pack')
    .description('pack the built host node into ESP32 flash sets (bootloader, partition table, app)')
    .addOption(chipOption())
    .option('--out <dir>', 'output directory (default firmware/build/host)')
    .action((flags: { chip: ChipName[]; out?: string }) => {
      printPacked(packFirmware({ chips: flags.chip, outDir: flags.out }));
    });
}

function runCommand(): Command {
  return new Command('run')
    .description('run a host node in the foreground; its console is this terminal (status, get, set, …)')
    .requiredOption('--mqtt <url>', 'broker, mqtt://127.0.0.1:PORT')
    .requiredOption('--id <id>', 'device id (thing name)')
    .addOption(
      new Option('--type <type>', 'device type').choices(FIRMWARE_DEVICE_TYPES).makeOptionMandatory(),
    )
    .option('--interval <s>', 'telemetry interval in seconds until the shadow sets one')
    .option('--state <file>', 'settings file (the host’s NVS)')
    .action(async (flags: { mqtt: string; id: string; type: string; interval?: string; state?: string }) => {
      const binary = requireHostNode();
      const args = ['--mqtt', flags.mqtt, '--id', flags.id, '--type', flags.type];
      if (flags.interval) args.push('--interval', flags.interval);
      if (flags.state) args.push('--state', flags.state);
      const child = spawn(binary, args, { stdio: 'inherit' });
      const forward = (signal: NodeJS.Signals) => child.kill(signal);
      process.on('SIGINT', forward);
      process.on('SIGTERM', forward);
      const code = await new Promise<number>((resolve) => child.once('close', (c) => resolve(c ?? 1)));
      process.off('SIGINT', forward);
      process.off('SIGTERM', forward);
      process.exitCode = code;
    });
}
