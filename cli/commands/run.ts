import { Command } from 'commander';
import { REPORTER_NAMES, runSuite, type ReporterName } from '../../scenarios/index.ts';
import {
  addStackFlags,
  deviceTypesOption,
  registerDeviceTypeFlags,
  stackOptionsFrom,
  type StackFlags,
} from '../stack-flags.ts';

interface RunFlags extends StackFlags {
  tag: string[];
  grep?: string;
  parallel: string;
  reporter: string;
  out: string;
  keepDatabases?: boolean;
  deviceTypes?: string[];
}

/** `twinbench run [paths…]`: scenario suites, with an exit code CI can trust (0 all passed, 1 failures, 2 nothing ran). */
export function runCommand(): Command {
  return addStackFlags(
    new Command('run')
      .description('run scenario suites (YAML files, folders or globs; default scenarios/library)')
      .argument('[paths...]', 'scenario files, folders or globs')
      .option('--tag <tag>', 'only scenarios with this tag; !tag excludes (repeatable)', collect, [])
      .option('--grep <text>', 'only scenarios whose name contains this')
      .option('--parallel <n>', 'scenarios at once', '1')
      .option('--reporter <list>', `comma-separated: ${REPORTER_NAMES.join(', ')}`, 'console,junit,html')
      .option('--out <dir>', 'where junit.xml and report.html go', 'reports/scenarios')
      .option('--keep-databases', "keep each scenario's InfluxDB database")
      .addOption(deviceTypesOption()),
  ).action(async (paths: string[], flags: RunFlags) => {
    // Types for every scenario of the run (a scenario may add its own with deviceTypes:); each
    // scenario's platform gets every registered type.
    registerDeviceTypeFlags(flags.deviceTypes);
    const reporters = flags.reporter
      .split(',')
      .map((r) => r.trim())
      .filter(Boolean);
    for (const r of reporters) {
      if (!(REPORTER_NAMES as readonly string[]).includes(r)) {
        throw new Error(`--reporter ${r} is not one of ${REPORTER_NAMES.join(', ')}.`);
      }
    }
    const { mode, ...stackOptions } = stackOptionsFrom(flags, (m) => console.error(`[twinbench] ${m}`));
    const result = await runSuite({
      ...(paths.length > 0 ? { paths } : {}),
      ...(flags.tag.length > 0 ? { tags: flags.tag } : {}),
      ...(flags.grep ? { grep: flags.grep } : {}),
      stack: mode ?? 'auto',
      stackOptions,
      parallel: Number(flags.parallel),
      reporters: reporters as ReporterName[],
      outDir: flags.out,
      ...(flags.keepDatabases ? { keepDatabases: true } : {}),
    });
    process.exitCode = result.exitCode;
  });
}

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}
