import { readFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { Command } from 'commander';
import { startPlatform, startStack, type PlatformRunner } from '../../stack/index.ts';
import { formatStackInfo } from '../print-info.ts';
import {
  addStackFlags,
  deviceTypesOption,
  platformRunnerOption,
  registerDeviceTypeFlags,
  stackOptionsFrom,
  type StackFlags,
} from '../stack-flags.ts';
import { waitForSignal } from '../signals.ts';
import { platformPort } from './simulate.ts';
import { tokenFile } from './token.ts';

interface PlatformFlags extends StackFlags {
  port: string;
  config?: string;
  registration?: 'auto' | 'reject';
  logLevel?: string;
  platform?: PlatformRunner;
  deviceTypes?: string[];
}

/** `twinbench platform`: a stack (any mode) plus the platform process, until Ctrl-C. */
export function platformCommand(): Command {
  return addStackFlags(
    new Command('platform')
      .description('run the platform service (twins, shadows, history, API) against a stack')
      .option('--port <port>', 'HTTP port (0 = a free one)', '8080')
      .option(
        '--config <file>',
        'platform config JSON (profiles, registration, timeouts; see docs/platform.md)',
      )
      .option('--registration <policy>', 'unknown devices: auto (register on first contact) or reject')
      .option('--log-level <level>', 'pino level (default: from --config, else info)')
      .addOption(platformRunnerOption())
      .addOption(deviceTypesOption()),
  ).action(async (flags: PlatformFlags, cmd: Command) => {
    const log = (m: string) => console.error(`[twinbench] ${m}`);
    const file = flags.config
      ? (JSON.parse(await readFile(flags.config, 'utf8')) as Record<string, unknown>)
      : {};
    // Device-type files are checked before anything starts; the platform gets them inline, so a
    // platform in a container needs no file mounted. Paths in the config file are relative to it.
    const fromConfig = Array.isArray(file.deviceTypes) ? (file.deviceTypes as unknown[]) : [];
    const configPaths = fromConfig.filter((e): e is string => typeof e === 'string');
    const deviceTypes = [
      ...fromConfig.filter((e) => typeof e !== 'string'),
      ...registerDeviceTypeFlags([
        ...configPaths.map((p) => resolve(dirname(flags.config ?? '.'), p)),
        ...(flags.deviceTypes ?? []),
      ]),
    ];
    const port = await platformPort(Number(flags.port), cmd.getOptionValueSource('port') === 'cli', log);
    const stack = await startStack(stackOptionsFrom(flags, log));
    try {
      const platform = await startPlatform(stack.info, {
        ...(flags.platform ? { as: flags.platform } : {}),
        config: {
          ...file,
          http: { ...(file.http as Record<string, unknown> | undefined), port },
          ...(flags.logLevel ? { logLevel: flags.logLevel } : {}),
          ...(flags.registration ? { registration: flags.registration } : {}),
          ...(deviceTypes.length > 0 ? { deviceTypes } : {}),
        },
        onLog: (line) => process.stderr.write(`${line}\n`),
        // The state folder's token file: `twinbench token create` works on this platform (docs/security.md).
        tokenFile: tokenFile(),
      });
      console.log(formatStackInfo(stack.info));
      console.log(
        `platform  ${platform.url}  (${platform.pid > 0 ? `pid ${platform.pid}` : 'container twinbench/platform'})`,
      );
      console.log(`  API      ${platform.url}/devices`);
      console.log(`  OpenAPI  ${platform.url}/docs`);
      console.log(`  stream   ${platform.wsUrl}/stream`);
      console.log(`  metrics  ${platform.url}/metrics   (open from this machine)`);
      console.log(
        platform.tokenFile
          ? `  tokens   ${platform.tokenFile}: every route but /viewer, /docs, /health, /metrics needs one; create it with \`twinbench token create --role viewer|operator|admin\``
          : '  tokens   none: auth is off',
      );
      log('Ctrl-C stops the platform and the stack');
      await waitForSignal();
      await platform.stop();
    } finally {
      await stack.stop();
    }
  });
}
