import { Command, Option } from 'commander';
import { formatLoss, LOAD_ERROR_CODES, LoadError, runLoadTest } from '../../load/index.ts';
import { startPlatformProcess, startStack } from '../../stack/index.ts';
import { addStackFlags, stackOptionsFrom, type StackFlags } from '../stack-flags.ts';

interface LoadFlags extends StackFlags {
  target?: string;
  out: string;
  workers: string;
  idPrefix?: string;
  maxLoss?: string;
  platformConfig?: string;
}

/**
 * `twinbench load SCRIPT`: an artillery load test with the twinbench engine. Brings up a stack and the
 * platform (any stack mode), or uses `--target` (a running platform, its broker in `--mqtt-url`); runs
 * artillery; counts loss; writes artillery's JSON and an HTML report. Exits with artillery's code (1
 * when an `ensure` check failed), or 1 when `--max-loss` was passed.
 */
export function loadCommand(): Command {
  return addStackFlags(
    new Command('load')
      .description('run an artillery load test (engine: twinbench) against the platform; see docs/load.md')
      .argument('<script>', 'artillery script (YAML), e.g. scenarios/load/steady-fleet.yml')
      .option(
        '--target <url>',
        'a running platform (http://host:port) instead of starting one; give its broker with --mqtt-url',
      )
      .option('--out <dir>', 'where artillery JSON, the HTML report and the loss count go', 'reports/load')
      .option(
        '--workers <n>',
        'artillery processes on this host, each running the whole script (load × n)',
        '1',
      )
      .option(
        '--id-prefix <prefix>',
        'device id prefix (default: a new one per run, so runs never share devices)',
      )
      .option('--max-loss <n>', 'fail when more than n telemetry messages were lost (default: report only)')
      .addOption(
        new Option('--platform-config <json>', 'platform config JSON for the platform started here'),
      ),
  ).action(async (script: string, flags: LoadFlags) => {
    const log = (m: string) => console.error(`[twinbench] ${m}`);
    const workers = Number(flags.workers);
    const common = {
      script,
      outDir: flags.out,
      workers,
      ...(flags.idPrefix ? { idPrefix: flags.idPrefix } : {}),
      ...(flags.maxLoss !== undefined ? { maxLoss: Number(flags.maxLoss) } : {}),
    };
    let result;
    if (flags.target) {
      if (!flags.mqttUrl) {
        throw new LoadError(
          LOAD_ERROR_CODES.BAD_OPTIONS,
          '--target needs the platform broker too: add --mqtt-url mqtt://host:port (and --influx-url for the exact loss count)',
        );
      }
      result = await runLoadTest({
        ...common,
        target: flags.target,
        mqttUrl: flags.mqttUrl,
        token: process.env.TWINBENCH_TOKEN,
        ...(flags.influxUrl ? { influx: { url: flags.influxUrl, db: flags.influxDb ?? 'twinbench' } } : {}),
      });
    } else {
      await using stack = await startStack(stackOptionsFrom(flags, log));
      await using platform = await startPlatformProcess(stack.info, {
        config: {
          logLevel: 'warn',
          // No per-token limit: the run measures the platform, not the limiter (docs/security.md).
          auth: { rateLimit: { perTokenPerMinute: 0 } },
          ...(flags.platformConfig ? (JSON.parse(flags.platformConfig) as Record<string, unknown>) : {}),
        },
      });
      log(`platform ${platform.url}, broker ${stack.info.mqttUrl}`);
      result = await runLoadTest({
        ...common,
        target: platform.url,
        token: platform.token,
        mqttUrl: stack.info.mqttUrl,
        influx: stack.info.influx,
        // --device-auth: each virtual device logs in as itself; --tls: the platform's HTTPS is trusted.
        ...(stack.info.mqtt.deviceSecret
          ? { deviceAuth: { secret: stack.info.mqtt.deviceSecret, register: (ids) => stack.addDevices(ids) } }
          : {}),
        ...(stack.info.tls ? { caFile: stack.info.tls.caFile } : {}),
      });
    }
    console.log(formatLoss(result.loss));
    console.log(`report    ${result.html}`);
    console.log(`json      ${result.reports.join(', ')}`);
    process.exitCode = result.exitCode;
  });
}
