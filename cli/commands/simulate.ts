import { createInterface } from 'node:readline';
import { Command } from 'commander';
import {
  checkShare,
  buildIdentities,
  expandGateways,
  formatStats,
  loadFleetSpec,
  startFleet,
  startWorkerFleet,
  type Fleet,
  type FleetShare,
  type ScheduledFault,
} from '../../simulator/index.ts';
import {
  isPortFree,
  startPlatform,
  startStack,
  type PlatformRunner,
  type StartedPlatform,
} from '../../stack/index.ts';
import { trustCa } from '../../runtime/index.ts';
import { formatDuration, parseDuration } from '../../twin/index.ts';
import { parseFaultFlag } from '../fault-flag.ts';
import { LiveLine } from '../live-line.ts';
import { formatStackInfo } from '../print-info.ts';
import { waitForSignal } from '../signals.ts';
import {
  addStackFlags,
  deviceTypesOption,
  platformRunnerOption,
  registerDeviceTypeFlags,
  registeredDeviceTypeDocuments,
  stackOptionsFrom,
  type StackFlags,
} from '../stack-flags.ts';
import { tokenFile } from './token.ts';

interface SimulateFlags extends StackFlags {
  fleet: string;
  speed?: string;
  seed?: string;
  start?: string;
  advance?: string;
  backfill?: string;
  backfillInterval: string;
  duration?: string;
  fault: string[];
  /** false with --no-platform; the runner with --platform <runner>. */
  platform?: PlatformRunner | false;
  port: string;
  workers: string;
  workerIndex?: string;
  workerCount?: string;
  inProcess?: boolean;
  deviceTypes?: string[];
}

/** What a session does with its fleet, whether it runs in this process or in worker processes. */
type SessionFleet = Pick<Fleet, 'stats' | 'advance' | 'backfill' | 'now' | 'stop'>;

/** Where a session's fleet runs: in worker processes (simulate's default), or in this process. */
export interface WorkerPlan {
  /** Local simulator processes. */
  workers: number;
  /** This machine's share of a fleet split over machines. Default: the whole fleet. */
  machine?: FleetShare;
}

/** `twinbench simulate --fleet FILE`: a fleet of virtual devices against a stack (and a platform). */
export function simulateCommand(): Command {
  return addStackFlags(
    new Command('simulate')
      .description('run a fleet of virtual devices over MQTT (with a live status line)')
      .requiredOption('--fleet <file>', 'fleet spec (YAML or JSON); see docs/simulator.md')
      .option(
        '--speed <n>',
        'virtual time runs n × real time (default 1); 0 = paused: only --advance or stdin `advance 10m` moves it',
      )
      .option('--seed <n>', "overrides the spec's seed (same seed + --start = the same messages)")
      .option('--start <time>', 'virtual start time, ISO 8601 or ms since the epoch (default: now)')
      .option(
        '--advance <duration>',
        'jump virtual time forward this much once the fleet is up (with --speed 0: then stop)',
      )
      .option('--backfill <duration>', 'first publish this much history with past timestamps (e.g. 7d)')
      .option('--backfill-interval <duration>', 'spacing of backfilled points', '5m')
      .option('--duration <duration>', 'stop after this long (default: until Ctrl-C)')
      .option('--fault <spec>', 'inject a fault: KIND[,key=value…][@AT][+DURATION] (repeatable)', collect, [])
      .addOption(platformRunnerOption())
      .option('--no-platform', 'do not start a platform (devices talk to the broker only)')
      .option('--port <port>', 'platform HTTP port (0 = a free one)', '0')
      .option(
        '--workers <n>',
        'simulator processes sharing the fleet (each its share of the devices, its own loopback source address)',
        '1',
      )
      .option(
        '--worker-index <i>',
        "with --worker-count: run only share i (from 0) of the fleet, e.g. this machine's part",
      )
      .option('--worker-count <n>', 'with --worker-index: how many shares (machines) the fleet is split into')
      .option('--in-process', 'run the fleet inside this process instead of simulator processes')
      .addOption(deviceTypesOption()),
  ).action(async (flags: SimulateFlags, cmd: Command) => {
    // Registered before the spec is read (its groups may name these types), then carried in the spec
    // so simulator processes get them too.
    const typeDocs = registerDeviceTypeFlags(flags.deviceTypes);
    const spec = await loadFleetSpec(flags.fleet);
    if (typeDocs.length > 0) spec.deviceTypes = [...(spec.deviceTypes ?? []), ...typeDocs];
    if (flags.seed !== undefined) spec.seed = parseInteger(flags.seed, '--seed');
    const faults: ScheduledFault[] = flags.fault.map(parseFaultFlag);
    if (faults.length > 0) spec.faults = [...(spec.faults ?? []), ...faults];
    await runFleetSession({
      flags,
      spec,
      ...(flags.inProcess ? {} : { workers: workerPlan(flags) }),
      platform: flags.platform !== false,
      ...(flags.platform ? { platformAs: flags.platform } : {}),
      port: Number(flags.port),
      portExplicit: cmd.getOptionValueSource('port') === 'cli',
      ...(flags.speed !== undefined ? { speed: parseSpeed(flags.speed) } : {}),
      ...(flags.start !== undefined ? { startMs: parseTime(flags.start, '--start') } : {}),
      ...(flags.advance !== undefined ? { advanceMs: parseDuration(flags.advance, '--advance') } : {}),
      ...(flags.backfill ? { backfillMs: parseDuration(flags.backfill, '--backfill') } : {}),
      backfillIntervalMs: parseDuration(flags.backfillInterval, '--backfill-interval'),
      ...(flags.duration ? { durationMs: parseDuration(flags.duration, '--duration') } : {}),
    });
  });
}

/** --workers, --worker-index and --worker-count as a plan (errors say which flag and what to give). */
export function workerPlan(
  flags: Pick<SimulateFlags, 'workers' | 'workerIndex' | 'workerCount'>,
): WorkerPlan {
  const workers = parseInteger(flags.workers, '--workers');
  if (workers < 1)
    throw new Error(`--workers '${flags.workers}' is not a number of processes: give 1 or more.`);
  if ((flags.workerIndex === undefined) !== (flags.workerCount === undefined)) {
    throw new Error(
      '--worker-index and --worker-count go together: give both (this machine runs share INDEX of COUNT) or neither.',
    );
  }
  if (flags.workerIndex === undefined || flags.workerCount === undefined) return { workers };
  const machine = checkShare({
    index: parseInteger(flags.workerIndex, '--worker-index'),
    count: parseInteger(flags.workerCount, '--worker-count'),
  });
  return { workers, machine };
}

function parseInteger(text: string, what: string): number {
  const n = Number(text);
  if (!Number.isSafeInteger(n)) throw new Error(`${what} '${text}' is not an integer.`);
  return n;
}

function parseSpeed(text: string): number {
  const n = Number(text);
  if (!Number.isFinite(n) || n < 0) {
    throw new Error(`--speed '${text}' is not a speed: a number >= 0 (1 = real time, 0 = paused).`);
  }
  return n;
}

/** ISO 8601 or ms since the epoch. */
export function parseTime(text: string, what: string): number {
  const n = /^\d+$/.test(text) ? Number(text) : Date.parse(text);
  if (!Number.isFinite(n)) {
    throw new Error(`${what} '${text}' is not a time: write 2026-01-01T00:00:00Z or ms since the epoch.`);
  }
  return n;
}

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

export interface FleetSession {
  flags: StackFlags;
  spec: Awaited<ReturnType<typeof loadFleetSpec>>;
  /** Run the fleet in simulator processes (simulator/main.ts); default: in this process. */
  workers?: WorkerPlan;
  platform: boolean;
  /** Process (default) or container; see `--platform`. */
  platformAs?: PlatformRunner;
  port: number;
  /** The user asked for this port: taken is an error, not a reason to take another. Default false. */
  portExplicit?: boolean;
  /** Virtual time speed; 0 = paused. Default 1 (real time). */
  speed?: number;
  /** Virtual start, ms epoch. Default now. */
  startMs?: number;
  /** Virtual time jumped once the fleet is up; with a paused clock the session then ends. */
  advanceMs?: number;
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
  if (s.workers && s.alongside) throw new Error('a session with a story runs its fleet in this process');
  // A fleet without a platform needs a broker only: an external broker URL is enough (no database).
  const brokerOnly = !s.platform && s.flags.stack === 'external' && !!s.flags.mqttUrl && !s.flags.influxUrl;
  const stackOptions = stackOptionsFrom(s.flags, log);
  // --device-auth / --mtls: the fleet's devices (gateways included) get their derived passwords from the start.
  if (stackOptions.security)
    stackOptions.security.deviceIds = buildIdentities(expandGateways(s.spec).spec).map((d) => d.id);
  const stack = brokerOnly ? undefined : await startStack(stackOptions);
  // --tls: the platform serves HTTPS from the stack's CA; this process's clients (the story) trust it.
  if (stack?.info.tls) trustCa(stack.info.tls.caFile);
  const broker = stack
    ? {
        mqttUrl: stack.mqttUrl,
        username: stack.info.mqtt.username,
        password: stack.info.mqtt.password,
        deviceSecret: stack.info.mqtt.deviceSecret,
      }
    : {
        mqttUrl: s.flags.mqttUrl as string,
        username: undefined,
        password: undefined,
        deviceSecret: undefined,
      };
  let platform: StartedPlatform | undefined;
  try {
    if (s.platform && stack) {
      const port = await platformPort(s.port, s.portExplicit ?? false, log);
      platform = await startPlatform(stack.info, {
        ...(s.platformAs ? { as: s.platformAs } : {}),
        config: {
          http: { port },
          logLevel: 'warn',
          // Every type registered here (--device-types, the spec's deviceTypes), inline: a platform in
          // a container needs no file.
          ...(registeredDeviceTypeDocuments().length > 0
            ? { deviceTypes: registeredDeviceTypeDocuments() }
            : {}),
        },
        // The state folder's token file: `twinbench token create` works on this platform (docs/security.md).
        tokenFile: tokenFile(),
      });
      log(`platform ${platform.url}`);
    }
    const live = new LiveLine();
    const started = Date.now();
    log(
      `starting fleet '${s.spec.name ?? 'fleet'}' (${s.spec.groups.reduce((n, g) => n + g.count, 0) + (s.spec.gateways ?? []).reduce((n, g) => n + g.count * (1 + g.children.count), 0)} devices)`,
    );
    const credentials = {
      ...(broker.username ? { username: broker.username, password: broker.password } : {}),
      // Each device logs in as itself (the stack's own login is the platform's identity).
      ...(broker.deviceSecret ? { deviceSecret: broker.deviceSecret } : {}),
    };
    const inProcess = s.workers
      ? undefined
      : await startFleet(s.spec, {
          mqttUrl: broker.mqttUrl,
          ...credentials,
          // 0 is a speed too (paused): only 1, or no --speed at all, means real time.
          ...(s.speed !== undefined && s.speed !== 1 ? { clock: { speed: s.speed } } : {}),
          ...(s.startMs !== undefined ? { startMs: s.startMs } : {}),
          onProgress: (st) => live.update(formatStats(st)),
        });
    const workers = s.workers
      ? await startWorkerFleet(s.spec, {
          mqttUrl: broker.mqttUrl,
          ...(broker.username ? { username: broker.username } : {}),
          ...(broker.password ? { password: broker.password } : {}),
          ...(broker.deviceSecret ? { deviceSecret: broker.deviceSecret } : {}),
          workers: s.workers.workers,
          ...(s.workers.machine ? { machine: s.workers.machine } : {}),
          ...(s.speed !== undefined ? { speed: s.speed } : {}),
          ...(s.startMs !== undefined ? { startMs: s.startMs } : {}),
          onProgress: (st) => live.update(formatStats(st)),
          logger: {
            info: () => undefined,
            warn: (o: { worker?: number }, m: string) => log(`worker ${o.worker}: ${m}`),
          },
        })
      : undefined;
    const fleet: SessionFleet = (inProcess ?? workers) as SessionFleet;
    // A worker that dies ends the run (its name and last words in the error).
    const failed = workers?.failed ?? new Promise<never>(() => undefined);
    try {
      if (workers) {
        for (const w of workers.workers) {
          log(
            `worker ${w.index}: pid ${w.pid}, ${w.devices} devices (share ${w.share.index} of ${w.share.count})${w.localAddress ? ` from ${w.localAddress}` : ''}`,
          );
        }
      }
      live.done();
      log(`fleet up in ${Date.now() - started} ms: ${formatStats(fleet.stats())}`);
      if (s.backfillMs) {
        const t0 = Date.now();
        log(`backfilling ${s.backfillMs / 86_400_000} days of history…`);
        const r = await Promise.race([
          fleet.backfill({ durationMs: s.backfillMs, intervalMs: s.backfillIntervalMs }),
          failed,
        ]);
        log(
          `backfilled ${r.messages} messages from ${new Date(r.fromMs).toISOString()} to ${new Date(r.toMs).toISOString()} in ${((Date.now() - t0) / 1000).toFixed(1)} s`,
        );
      }
      if (s.advanceMs) {
        const t0 = Date.now();
        await Promise.race([fleet.advance(s.advanceMs), failed]);
        log(
          `advanced virtual time by ${formatDuration(s.advanceMs)} to ${new Date(fleet.now()).toISOString()} in ${Date.now() - t0} ms`,
        );
      }
      // The banner first (the demo's viewer URL is what people open), then where the services are.
      const banner = s.banner?.(platform ? { platform } : {});
      if (banner) console.log(banner.replace(/^\n/, ''));
      if (stack) console.log(formatStackInfo(stack.info));
      else console.log(`broker    ${broker.mqttUrl} (no platform, no database)`);
      if (!s.banner && platform)
        console.log(
          `platform  ${platform.url}  (API /devices, OpenAPI /docs, stream ${platform.wsUrl}/stream)`,
        );
      const aside = new AbortController();
      const beside = s
        .alongside?.({ fleet: inProcess as Fleet, ...(platform ? { platform } : {}), signal: aside.signal })
        .catch((e: unknown) => log(`stopped: ${(e as Error).message}`));
      const paused = s.speed === 0;
      if (paused && s.advanceMs && !s.durationMs) {
        log('virtual time advanced as asked on a paused clock: stopping');
      } else if (s.durationMs) {
        log(`running for ${s.durationMs / 1000} s`);
        await Promise.race([new Promise((r) => setTimeout(r, s.durationMs)), waitForSignal(), failed]);
      } else {
        log('running; Ctrl-C stops the fleet, the platform and the stack');
        const stopAdvancing = paused ? advanceFromStdin(fleet, log) : undefined;
        try {
          await Promise.race([waitForSignal(), failed]);
        } finally {
          stopAdvancing?.();
        }
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
    await stack?.stop();
  }
}

/**
 * The platform's HTTP port: a default port that is taken gives way to a free one (with a note); a port
 * the user asked for that is taken is an error that says so.
 */
export async function platformPort(
  port: number,
  explicit: boolean,
  log: (m: string) => void,
): Promise<number> {
  if (port === 0 || (await isPortFree(port))) return port;
  if (explicit) {
    throw new Error(
      `--port ${port} is taken by another program: free it, choose another port, or give --port 0 for a free one.`,
    );
  }
  log(`port ${port} is taken; the platform takes a free one`);
  return 0;
}

/** On a paused clock, lines `advance 10m` on stdin move virtual time (a pipe or a terminal). */
function advanceFromStdin(fleet: SessionFleet, log: (m: string) => void): () => void {
  log('paused clock: type `advance <duration>` (e.g. advance 10m) to move virtual time');
  const rl = createInterface({ input: process.stdin, terminal: false });
  let queue = Promise.resolve();
  rl.on('line', (line) => {
    const m = /^\s*advance\s+(\S+)\s*$/.exec(line);
    if (!m) {
      if (line.trim()) log(`unknown input '${line.trim()}': type advance <duration>`);
      return;
    }
    queue = queue.then(async () => {
      try {
        const ms = parseDuration(m[1] as string, 'advance');
        await fleet.advance(ms);
        log(`virtual time is now ${new Date(fleet.now()).toISOString()}`);
      } catch (err) {
        log((err as Error).message);
      }
    });
  });
  return () => rl.close();
}
