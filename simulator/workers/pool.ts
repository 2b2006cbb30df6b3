/**
 * One fleet spread over worker processes (`twinbench simulate --workers N`): each worker is
 * simulator/main.ts forked with an IPC channel, holding its share of the devices (share.ts), its
 * connections bound to a loopback source address of its own when the broker is on loopback. The parent
 * sums their stats into one set of figures, forwards advance / backfill / faults to the workers that hold
 * the devices, and fails the run with the worker's name when one exits unasked.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import type { SimLogger } from '../device/device-context.ts';
import { SIMULATOR_ERROR_CODES, SimulatorError } from '../errors.ts';
import type { BackfillOptions, BackfillResult } from '../fleet/backfill.ts';
import type { DeviceSelector, Fault } from '../fleet/fault-types.ts';
import { buildIdentities } from '../fleet/identities.ts';
import { validateFleetSpec } from '../fleet/load-spec.ts';
import { parseBrokerUrl } from '../fleet/options.ts';
import type { FleetSpec } from '../fleet/spec.ts';
import type { FleetStats } from '../fleet/stats.ts';
import { expandGateways, shareCounts, shareWithGateways, type GatewayPlan } from '../gateway/index.ts';
import { SIMULATOR_ENV, SIMULATOR_EXEC_ARGV, simulatorEntry } from '../process/bundle.ts';
import type { WorkerConfig } from '../process/worker-config.ts';
import { pendingStats, sumStats } from './aggregate.ts';
import type { WorkerEvent, WorkerRequest } from './messages.ts';
import { checkIds, selectorFor } from './route.ts';
import { isLoopbackHost, loopbackSource, subShare, type FleetShare } from './share.ts';

export interface WorkerFleetOptions {
  /** Broker URL, mqtt://host:port. */
  mqttUrl: string;
  username?: string;
  password?: string;
  /** Per-device credentials (FleetOptions.deviceSecret), handed to every worker. */
  deviceSecret?: string;
  /** Local worker processes. */
  workers: number;
  /** This machine's share when the fleet is split over machines too. Default: the whole fleet. */
  machine?: FleetShare;
  /** Virtual start, ms epoch: one for every worker. Default: now. */
  startMs?: number;
  /** Virtual time speed; 0 = paused. Default 1. */
  speed?: number;
  /**
   * 'auto' (default): towards a broker on loopback, worker i binds 127.0.0.(2+i); 'none': the system's
   * choice. One source address offers one local port range towards one broker port.
   */
  sourceAddresses?: 'auto' | 'none';
  /** Called with the whole fleet's stats every progressIntervalMs (ramp included). */
  onProgress?(s: FleetStats): void;
  /** Real ms between the workers' stats reports. Default 1000. */
  progressIntervalMs?: number;
  /** Warnings of the workers (and their crashes) go here. Default: silent. */
  logger?: SimLogger;
  /** Node flags of the worker processes. Default WORKER_EXEC_ARGV. */
  execArgv?: string[];
  /** The file each worker runs. Default: simulator/main.ts bundled (process/bundle.ts), else as is. */
  entry?: string;
  /** Real ms a worker has to stop cleanly before it is killed. Default 30 000. */
  stopTimeoutMs?: number;
}

/** V8 flags of a worker: the simulator process's (process/bundle.ts says why). */
export const WORKER_EXEC_ARGV = SIMULATOR_EXEC_ARGV;

/** Descriptors a worker keeps for itself beside its devices' sockets (stdio, IPC, timers, files). */
const SPARE_DESCRIPTORS = 100;

export interface WorkerInfo {
  /** 0-based among this machine's workers. */
  index: number;
  /** Its share of the whole fleet. */
  share: FleetShare;
  devices: number;
  pid: number;
  /** Source address of its connections, if bound. */
  localAddress?: string;
}

const SILENT: SimLogger = { info: () => undefined, warn: () => undefined };

/** The soft limit of open files of this process (children inherit it), from /proc; Infinity elsewhere. */
export function openFilesLimit(): number {
  try {
    const m = /^Max open files\s+(\d+|unlimited)/m.exec(readFileSync('/proc/self/limits', 'utf8'));
    return m?.[1] && m[1] !== 'unlimited' ? Number(m[1]) : Infinity;
  } catch {
    return Infinity;
  }
}

/** What a dead worker said last: its error line if it printed one (an uncaught error), else its last lines. */
function lastWords(lines: readonly string[]): string {
  const error = [...lines].reverse().find((l) => /^(\w*Error\b|simulator: )/.test(l));
  const words =
    error ??
    lines
      .filter((l) => l.trim())
      .slice(-3)
      .join(' | ');
  return words ? ` Its last words: ${words}` : '';
}

/** A request without its id (Omit over the union keeps each member's own fields). */
type RequestBody = WorkerRequest extends infer R ? (R extends WorkerRequest ? Omit<R, 'id'> : never) : never;

/** A request a worker refused (a bad fault, an empty selection); `workerCode` is the worker's own code. */
export class WorkerRequestError extends SimulatorError {
  readonly workerCode: string | undefined;

  constructor(message: string, workerCode: string | undefined) {
    super(SIMULATOR_ERROR_CODES.WORKER_FAILED, message);
    this.workerCode = workerCode;
  }
}

interface Pending {
  resolve(v: unknown): void;
  reject(e: Error): void;
}

class Worker {
  readonly info: WorkerInfo;
  readonly child: ChildProcess;
  stats: FleetStats;
  readonly lastWords: string[] = [];
  readonly pending = new Map<number, Pending>();
  exited = false;

  constructor(info: Omit<WorkerInfo, 'pid'>, child: ChildProcess, initial: FleetStats) {
    this.child = child;
    this.info = { ...info, pid: child.pid ?? -1 };
    this.stats = initial;
  }

  get name(): string {
    return `simulator worker ${this.info.index} (share ${this.info.share.index} of ${this.info.share.count}, pid ${this.info.pid}, ${this.info.devices} devices${this.info.localAddress ? ` from ${this.info.localAddress}` : ''})`;
  }
}

export class WorkerFleet implements AsyncDisposable {
  readonly name: string;
  /** Rejects (TB_ERR_SIMULATOR_WORKER_FAILED) when a worker exits before stop(); race it with the run. */
  readonly failed: Promise<never>;
  private readonly all: Worker[] = [];
  private readonly spec: FleetSpec;
  /** The spec with gateway entries as groups (gateways, children), and the plans that tie them. */
  private readonly expanded: { spec: FleetSpec; plans: GatewayPlan[] };
  private readonly o: WorkerFleetOptions;
  private readonly startMs: number;
  private readonly log: SimLogger;
  private fail: (e: Error) => void = () => undefined;
  private nextId = 1;
  private stopping: Promise<void> | undefined;
  private idsByShare: Map<string, Set<string>> | undefined;

  /** Use startWorkerFleet(). */
  constructor(spec: FleetSpec, o: WorkerFleetOptions) {
    this.spec = spec;
    this.expanded = expandGateways(validateFleetSpec(spec));
    this.o = o;
    this.name = spec.name ?? 'fleet';
    this.startMs = o.startMs ?? Date.now();
    this.log = o.logger ?? SILENT;
    this.failed = new Promise<never>((_, reject) => (this.fail = reject));
    this.failed.catch(() => undefined); // observed by whoever races it; never an unhandled rejection
  }

  get workers(): readonly WorkerInfo[] {
    return this.all.map((w) => w.info);
  }

  stats(): FleetStats {
    return sumStats(this.all.map((w) => w.stats));
  }

  /** Virtual now: the slowest worker's. */
  now(): number {
    return this.stats().virtualNowMs;
  }

  /** Forks the workers and resolves once every one has its share up; kills them all if one fails. */
  async start(): Promise<void> {
    const o = this.o;
    const machine = o.machine ?? { index: 0, count: 1 };
    const broker = parseBrokerUrl(o);
    const bind = (o.sourceAddresses ?? 'auto') === 'auto' && isLoopbackHost(broker.host);
    const limit = openFilesLimit();
    const shares = Array.from({ length: o.workers }, (_, i) => subShare(machine, i, o.workers));
    // Gateways and their children count as devices; only connections (plain devices, gateways) need a
    // descriptor: children ride on their gateway's socket.
    const counts = shares.map((s) => shareCounts(this.expanded.spec.groups, this.expanded.plans, s));
    const biggest = Math.max(...counts.map((c) => c.connections));
    if (biggest + SPARE_DESCRIPTORS > limit) {
      const connections = shareCounts(this.expanded.spec.groups, this.expanded.plans, undefined).connections;
      const need = Math.ceil(connections / machine.count / (limit - SPARE_DESCRIPTORS));
      throw new SimulatorError(
        SIMULATOR_ERROR_CODES.BAD_OPTIONS,
        `a worker would hold ${biggest} connections to the broker (devices and gateways, a socket each), over this system's limit of ${limit} open files per process: use --workers ${need} or more (or raise ulimit -n)`,
      );
    }
    for (const f of this.spec.faults ?? []) if (f.select?.ids) checkIds(f.select, this.allIds());
    const entry = o.entry ?? (await simulatorEntry()).path;
    const ready: Promise<void>[] = [];
    shares.forEach((share, index) => {
      const localAddress = bind ? loopbackSource(index) : undefined;
      const devices = counts[index]?.devices ?? 0;
      const config: WorkerConfig = {
        mqttUrl: o.mqttUrl,
        ...(o.username ? { username: o.username } : {}),
        ...(o.password ? { password: o.password } : {}),
        ...(o.deviceSecret ? { deviceSecret: o.deviceSecret } : {}),
        fleet: { json: JSON.stringify(this.specFor(share)) },
        startMs: this.startMs,
        ...(o.speed !== undefined ? { speed: o.speed } : {}),
        httpPort: 0,
        httpHost: '127.0.0.1',
        statsIntervalMs: o.progressIntervalMs ?? 1000,
        share,
        ...(localAddress ? { localAddresses: [localAddress] } : {}),
      };
      const child = fork(entry, [JSON.stringify(config)], {
        execArgv: o.execArgv ?? WORKER_EXEC_ARGV,
        env: { ...SIMULATOR_ENV, ...process.env },
        stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
        serialization: 'json',
      });
      const w = new Worker(
        { index, share, devices, ...(localAddress ? { localAddress } : {}) },
        child,
        pendingStats(devices, this.startMs, o.speed ?? 1),
      );
      this.all.push(w);
      ready.push(this.watch(w));
    });
    try {
      await Promise.race([Promise.all(ready), this.failed]);
    } catch (err) {
      await this.kill();
      throw err;
    }
  }

  /** The spec a worker runs: the fleet's, with faults routed to the devices the worker holds. */
  private specFor(share: FleetShare): FleetSpec {
    const faults = (this.spec.faults ?? []).flatMap((f) => {
      const select = selectorFor(f.select, share, (s) => this.idsOf(s));
      if (select === 'none') return [];
      const out = { ...f };
      if (select) out.select = select;
      return [out];
    });
    return { ...this.spec, ...(this.spec.faults ? { faults } : {}) };
  }

  /** Every device id of the fleet (built once, only when a selector names ids). */
  private allIds(): Set<string> {
    return new Set(buildIdentities(this.expanded.spec).map((d) => d.id));
  }

  private idsOf(share: FleetShare): Set<string> {
    this.idsByShare ??= new Map();
    const key = `${share.index}/${share.count}`;
    let ids = this.idsByShare.get(key);
    if (!ids) {
      const { spec, plans } = this.expanded;
      ids = new Set(shareWithGateways(buildIdentities(spec), plans, share).map((d) => d.id));
      this.idsByShare.set(key, ids);
    }
    return ids;
  }

  /** Wires a worker's events; resolves when it is ready. */
  private watch(w: Worker): Promise<void> {
    return new Promise<void>((resolve) => {
      const stderr = w.child.stderr;
      if (stderr) {
        createInterface({ input: stderr }).on('line', (line) => {
          // Capped: an uncaught error prints its source line, one very long line in a bundle.
          w.lastWords.push(line.length > 300 ? `${line.slice(0, 300)}…` : line);
          if (w.lastWords.length > 10) w.lastWords.shift();
          if (line.includes('"level":"warn"')) this.log.warn({ worker: w.info.index }, line);
        });
      }
      w.child.on('message', (m: WorkerEvent) => {
        switch (m.type) {
          case 'stats':
            w.stats = m.stats;
            if (w === this.all[0]) this.o.onProgress?.(this.stats());
            return;
          case 'ready':
            w.stats = m.stats;
            return resolve();
          case 'stopped':
            w.stats = m.stats;
            return;
          case 'done':
          case 'failed': {
            const p = w.pending.get(m.id);
            w.pending.delete(m.id);
            if (m.type === 'done') w.stats = m.stats;
            if (m.type === 'done') p?.resolve(m.result);
            else p?.reject(new WorkerRequestError(`${w.name}: ${m.message}`, m.code));
            return;
          }
          case 'fatal':
            w.lastWords.push(m.message);
            return;
        }
      });
      w.child.on('exit', (code, signal) => {
        w.exited = true;
        const how = signal ? `was killed by ${signal}` : `exited with code ${code}`;
        const err = new SimulatorError(
          SIMULATOR_ERROR_CODES.WORKER_FAILED,
          `${w.name} ${how} before the run ended; the whole fleet stops.${lastWords(w.lastWords)}`,
        );
        for (const p of w.pending.values()) p.reject(err);
        w.pending.clear();
        if (!this.stopping) {
          this.log.warn({ worker: w.info.index, code, signal }, err.message);
          this.fail(err);
        }
      });
    });
  }

  private request<T>(w: Worker, m: RequestBody): Promise<T> {
    const id = this.nextId++;
    return new Promise<T>((resolve, reject) => {
      if (w.exited || !w.child.connected) {
        return reject(new SimulatorError(SIMULATOR_ERROR_CODES.WORKER_FAILED, `${w.name} is gone`));
      }
      w.pending.set(id, { resolve: resolve as (v: unknown) => void, reject });
      w.child.send({ ...m, id } as WorkerRequest);
    });
  }

  private alive(what: string): void {
    if (this.stopping) {
      throw new SimulatorError(
        SIMULATOR_ERROR_CODES.STOPPED,
        `fleet ${this.name} is stopped: cannot ${what}; start a new fleet`,
      );
    }
  }

  /** Jumps every worker's virtual time forward; resolves when all have published the window. */
  async advance(ms: number): Promise<void> {
    this.alive('advance');
    await Promise.race([
      Promise.all(this.all.map((w) => this.request(w, { type: 'advance', ms }))),
      this.failed,
    ]);
  }

  async backfill(options: BackfillOptions): Promise<BackfillResult> {
    this.alive('backfill');
    const endMs = options.endMs ?? this.now();
    const parts = await Promise.race([
      Promise.all(
        this.all.map((w) =>
          this.request<BackfillResult>(w, { type: 'backfill', options: { ...options, endMs } }),
        ),
      ),
      this.failed,
    ]);
    return {
      messages: parts.reduce((n, p) => n + p.messages, 0),
      devices: parts.reduce((n, p) => n + p.devices, 0),
      fromMs: Math.min(...parts.map((p) => p.fromMs)),
      toMs: Math.max(...parts.map((p) => p.toMs)),
    };
  }

  /**
   * A fault on the selected devices, sent to the workers that hold some of them (route.ts); resolves
   * with how many devices got it. A selector no worker matches is TB_ERR_SIMULATOR_EMPTY_SELECTION.
   */
  async inject(fault: Fault, select?: DeviceSelector): Promise<{ devices: number }> {
    this.alive(`inject ${fault.kind}`);
    if (select?.ids) checkIds(select, this.allIds());
    const sent = this.all.flatMap((w) => {
      const s = selectorFor(select, w.info.share, (sh) => this.idsOf(sh));
      if (s === 'none') return [];
      return [
        this.request<{ devices: number }>(w, { type: 'inject', fault, ...(s ? { select: s } : {}) }).catch(
          (err: unknown) => {
            // A worker holding none of the selected type or tag; the others may.
            const code = err instanceof WorkerRequestError ? err.workerCode : undefined;
            if (code === SIMULATOR_ERROR_CODES.EMPTY_SELECTION) return { devices: 0 };
            if (code === SIMULATOR_ERROR_CODES.FAULT_NOT_APPLICABLE) return { devices: 0 };
            throw err;
          },
        ),
      ];
    });
    const counts = await Promise.race([Promise.all(sent), this.failed]);
    const devices = counts.reduce((n, c) => n + c.devices, 0);
    if (devices === 0) {
      throw new SimulatorError(
        SIMULATOR_ERROR_CODES.EMPTY_SELECTION,
        `fault ${fault.kind}: the selector ${JSON.stringify(select ?? {})} matched no device of fleet ${this.name}`,
      );
    }
    return { devices };
  }

  /** Clean disconnects in every worker, then their exit; a worker that hangs is killed after the timeout. */
  stop(): Promise<void> {
    this.stopping ??= (async () => {
      const timeoutMs = this.o.stopTimeoutMs ?? 30_000;
      await Promise.all(
        this.all.map(async (w) => {
          if (w.exited) return;
          const gone = new Promise<void>((r) => w.child.once('exit', () => r()));
          if (w.child.connected) w.child.send({ type: 'stop', id: this.nextId++ } satisfies WorkerRequest);
          let timer: NodeJS.Timeout | undefined;
          const late = new Promise<'late'>((r) => (timer = setTimeout(() => r('late'), timeoutMs)));
          if ((await Promise.race([gone, late])) === 'late') {
            this.log.warn({ worker: w.info.index }, `${w.name} did not stop in ${timeoutMs} ms: killed`);
            w.child.kill('SIGKILL');
            await gone;
          }
          clearTimeout(timer);
        }),
      );
    })();
    return this.stopping;
  }

  private async kill(): Promise<void> {
    this.stopping ??= Promise.resolve();
    await Promise.all(
      this.all.map(async (w) => {
        if (w.exited) return;
        const gone = new Promise<void>((r) => w.child.once('exit', () => r()));
        w.child.kill('SIGKILL');
        await gone;
      }),
    );
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.stop();
  }
}

/**
 * Starts `spec` over `options.workers` processes (each its share, share.ts) and resolves when every
 * worker has its devices up. Throws TB_ERR_SIMULATOR_WORKER_FAILED naming the worker when one fails to
 * start (its last words included), TB_ERR_SIMULATOR_BAD_OPTIONS when a share would not fit the
 * descriptor limit.
 */
export async function startWorkerFleet(spec: FleetSpec, options: WorkerFleetOptions): Promise<WorkerFleet> {
  if (!Number.isSafeInteger(options.workers) || options.workers < 1) {
    throw new SimulatorError(
      SIMULATOR_ERROR_CODES.BAD_OPTIONS,
      `workers ${options.workers} is not a whole number >= 1: give how many simulator processes to run`,
    );
  }
  const fleet = new WorkerFleet(spec, options);
  await fleet.start();
  return fleet;
}
