/**
 * The simulator process started from a shell, as the simulator image starts it: a POSIX sh script that
 * sets SIMULATOR_ENV (a value already in the environment wins, as it does for a forked worker) and execs
 * node with SIMULATOR_EXEC_ARGV on the bundle. Generated from bundle.ts's constants rather than written
 * into the Dockerfile, so the image and `twinbench simulate` cannot drift apart; `exec` leaves node as
 * the container's PID 1 (signals reach it, no shell stays resident).
 */
import { SIMULATOR_ERROR_CODES, SimulatorError } from '../errors.ts';
import { SIMULATOR_ENV, SIMULATOR_EXEC_ARGV } from './bundle.ts';

const NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** One shell word: single quotes, a single quote inside written as '\''. */
const quote = (s: string): string => `'${s.replaceAll("'", `'\\''`)}'`;

export interface SimulatorLauncherOptions {
  /** The node binary; default `node` from PATH. */
  node?: string;
  /** Default SIMULATOR_EXEC_ARGV. */
  execArgv?: readonly string[];
  /** Default SIMULATOR_ENV. */
  env?: Readonly<Record<string, string>>;
}

/** The script's text: `sh launcher.sh [config JSON]` runs the bundle at `bundlePath` as a simulator process. */
export function simulatorLauncher(bundlePath: string, o: SimulatorLauncherOptions = {}): string {
  const env = o.env ?? SIMULATOR_ENV;
  const lines = [
    '#!/bin/sh',
    '# Generated from simulator/process/bundle.ts (SIMULATOR_EXEC_ARGV, SIMULATOR_ENV) by',
    '# simulator/process/launcher.ts: do not edit, change those constants.',
  ];
  for (const [name, value] of Object.entries(env)) {
    if (!NAME.test(name))
      throw new SimulatorError(
        SIMULATOR_ERROR_CODES.BAD_OPTIONS,
        `simulatorLauncher: ${JSON.stringify(name)} is not an environment variable name (letters, digits, _; not first a digit)`,
      );
    lines.push(`if [ -z "\${${name}+set}" ]; then ${name}=${quote(value)}; export ${name}; fi`);
  }
  const argv = [o.node ?? 'node', ...(o.execArgv ?? SIMULATOR_EXEC_ARGV), bundlePath].map(quote);
  lines.push(`exec ${argv.join(' ')} "$@"`, '');
  return lines.join('\n');
}
