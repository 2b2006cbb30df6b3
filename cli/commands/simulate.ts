import { Command } from 'commander';
import { formatStats, loadFleetSpec, startFleet, type ScheduledFault } from '../../simulator/index.ts';
import {
  isPortFree,
  startPlatform,
  startStack,
  type PlatformRunner,
  type StartedPlatform,
} from '../../stack/index.ts';
import { parseDuration } from '../durations.ts';
import { parseFaultFlag } from '../fault-flag.ts';
import { LiveLine } from '../live-line.ts';
import { formatStackInfo } from '../print-info.ts';
import { waitForSignal } from '../signals.ts';
import { addStackFlags, platformRunnerOption, stackOptionsFrom, type StackFlags } from '../stack-flags.ts';

interface SimulateFlags extends StackFlags {
  fleet: string;
  speed?: string;
  backfill?: string;
  backfillInterval: string;
  duration?: string;
  fault: string[];
  /** false with --no-platform; the runner with --platform <runner>. */
  platform?: PlatformRunner | false;
  port: string;
}

/** `twinbench simulate --fleet FILE`: a fleet of virtual devices against a stack (and a platform). */
export function simulateCommand(): Command {
  return addStackFlags(
    new Command('simulate')
      .description('run a fleet of virtual devices over MQTT (with a live status line)')
      .requiredOption('--fleet <file>', 'fleet spec (YAML or JSON); see docs/simulator.md')
      .option('--speed <n>', 'virtual time runs n × real time (default 1)')
      .option('--backfill <duration>', 'first publish this much history with past timestamps (e.g. 7d)')
      .option('--backfill-interval <duration>', 'spacing of backfilled points', '5m')
      .option('--duration <duration>', 'stop after this long (default: until Ctrl-C)')
      .option('--fault <spec>', 'inject a fault: KIND[,key=value…][@AT][+DURATION] (repeatable)', collect, [])
      .addOption(platformRunnerOption())
      .option('--no-platform', 'do not start a platform (devices talk to the broker only)')
      .option('--port <port>', 'platform HTTP port (0 = a free one)', '0'),
  ).action(async (flags: SimulateFlags) => {
    const spec = await loadFleetSpec(flags.fleet);
    const faults: ScheduledFault[] = flags.fault.map(parseFaultFlag);
    if (faults.length > 0) spec.faults = [...(spec.faults ?? []), ...faults];
    await runFleetSession({
      flags,
      spec,
      platform: flags.platform !== false,
      ...(flags.platform ? { platformAs: flags.platform } : {}),
      port: Number(flags.port),
      ...(flags.speed ? { speed: Number(flags.speed) } : {}),
      ...(flags.backfill ? { backfillMs: parseDuration(flags.backfill, '--backfill') } : {}),
      backfillIntervalMs: parseDuration(flags.backfillInterval, '--backfill-interval'),
      ...(flags.duration ? { durationMs: parseDuration(flags.duration, '--duration') } : {}),
    });
  });
}

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

export interface FleetSession {
  flags: StackFlags;
  spec: Awaited<ReturnType<typeof loadFleetSpec>>;
  platform: boolean;
  /** Process (default) or container; see `--platform`. */
  platformAs?: PlatformRunner;
  port: number;
  speed?: number;
  backfillMs?: number;
  backfillIntervalMs: number;
  durationMs?: number;
  /** Printed once everything runs (the demo's banner). */
  banner?: (urls: { platform?: StartedPlatform }) => string;
  /** Runs beside the session after the banner (the demo's story); aborted before the fleet stops. */
  alongside?: (ctx: {
    fleet: Awaited<ReturnType<typeof startFleet>>;
    platform?: StartedPlatform;
    signal: AbortSignal;
  }) => Promise<void>;
}

/** Stack → platform → fleet (→ backfill), a live line until Ctrl-C or the duration, then a summary and cleanup. */
export async function runFleetSession(s: FleetSession): Promise<void> {
  const log = (m: string) => console.error(`[twinbench] ${m}`);
  const stack = await startStack(stackOptionsFrom(s.flags, log));
  let platform: StartedPlatform | undefined;
  try {
    if (s.platform) {
      let port = s.port;
      if (port !== 0 && !(await isPortFree(port))) {
        log(`port ${port} is taken; the platform takes a free one`);
        port = 0;
      }
      platform = await startPlatform(stack.info, {
        ...(s.platformAs ? { as: s.platformAs } : {}),
        config: { http: { port }, logLevel: 'warn' },
      });
      log(`platform ${platform.url}`);
    }
    const live = new LiveLine();
    const started = Date.now();
    log(
      `starting fleet '${s.spec.name ?? 'fleet'}' (${s.spec.groups.reduce((n, g) => n + g.count, 0)} devices)`,
    );
    const fleet = await startFleet(s.spec, {
      mqttUrl: stack.mqttUrl,
      ...(stack.info.mqtt.username
        ? { username: stack.info.mqtt.username, password: stack.info.mqtt.password }
        : {}),
      ...(s.speed && s.speed !== 1 ? { clock: { speed: s.speed } } : {}),
      onProgress: (st) => live.update(formatStats(st)),
    });
    try {
      live.done();
      log(`fleet up in ${Date.now() - started} ms: ${formatStats(fleet.stats())}`);
      if (s.backfillMs) {
        const t0 = Date.now();
        log(`backfilling ${s.backfillMs / 86_400_000} days of history…`);
        const r = await fleet.backfill({ durationMs: s.backfillMs, intervalMs: s.backfillIntervalMs });
        log(
          `backfilled ${r.messages} messages from ${new Date(r.fromMs).toISOString()} to ${new Date(r.toMs).toISOString()} in ${((Date.now() - t0) / 1000).toFixed(1)} s`,
        );
      }
      console.log(formatStackInfo(stack.info));
      if (s.banner) console.log(s.banner(platform ? { platform } : {}));
      else if (platform)
        console.log(
          `platform  ${platform.url}  (API /devices, OpenAPI /docs, stream ${platform.wsUrl}/stream)`,
        );
      const aside = new AbortController();
      const beside = s
        .alongside?.({ fleet, ...(platform ? { platform } : {}), signal: aside.signal })
        .catch((e: unknown) => log(`stopped: ${(e as Error).message}`));
      if (s.durationMs) {
        log(`running for ${s.durationMs / 1000} s`);
        await Promise.race([new Promise((r) => setTimeout(r, s.durationMs)), waitForSignal()]);
      } else {
        log('running; Ctrl-C stops the fleet, the platform and the stack');
        await waitForSignal();
      }
      aside.abort();
      await beside;
      live.done();
      console.log(
        `summary: ${formatStats(fleet.stats())}, ran ${((Date.now() - started) / 1000).toFixed(0)} s`,
      );
    } finally {
      await fleet.stop();
    }
  } finally {
    await platform?.stop();
    await stack.stop();
  }
}
