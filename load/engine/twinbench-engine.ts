/**
 * The artillery engine (artillery v2's engine API): `config.engines.twinbench` in a script, and
 * `engine: twinbench` on a scenario. artillery builds one per worker with `new Engine(script, ee,
 * helpers)` and calls `createScenario(spec, ee)`, which returns the function each virtual user runs.
 * One virtual user drives one virtual device (simulator/ DrivenDevice): its flow connects it, publishes
 * its telemetry, changes its desired state and sends it commands through the platform, checks its twin
 * and disconnects it. Metrics go out as artillery's own events (see metrics.ts).
 */
import { newClientContext, type LeanClientContext } from '../../simulator/index.ts';
import type { DeviceType } from '../../twin/index.ts';
import { isTwinbenchError } from '../../twin/index.ts';
import { LOAD_ERROR_CODES, LoadError } from '../errors.ts';
import { readSettings, workerTag, type EngineSettings } from './config.ts';
import { DeviceLogins } from './device-logins.ts';
import { METRICS, type MetricEvents } from './metrics.ts';
import { PlatformApi } from './platform-api.ts';
import { STEPS, STEP_NAMES, type StepEnv, type StepName, type VuContext } from './steps.ts';
import { StreamWatch } from './stream-watch.ts';
import { VirtualUser } from './virtual-user.ts';

type Callback = (err: unknown, context?: unknown) => void;
type StepFn = (context: ArtilleryContext, callback: Callback) => void;

const VU = Symbol('twinbenchVu');

interface ArtilleryContext extends VuContext {
  [VU]?: VirtualUser;
  [key: string]: unknown;
}

/** The helpers artillery passes as the engine's third argument (commons/engine_util). */
export interface ArtilleryHelpers {
  template(value: unknown, context: unknown): unknown;
  createThink(spec: Record<string, unknown>, defaults?: Record<string, unknown>): StepFn;
  createLoopWithCount(count: unknown, steps: StepFn[], opts: Record<string, unknown>): StepFn;
}

interface ScriptLike {
  config: Record<string, unknown> & {
    target?: string;
    engines?: Record<string, unknown>;
    processor?: Record<string, unknown>;
    defaults?: { think?: Record<string, unknown> };
  };
}

export class TwinbenchEngine {
  readonly settings: EngineSettings;
  private readonly script: ScriptLike;
  private readonly helpers: ArtilleryHelpers;
  private readonly env: StepEnv;
  private readonly counts = new Map<DeviceType, number>();
  private events: MetricEvents | undefined;
  private streamReady: Promise<boolean> | undefined;
  private readonly explained = new Set<string>();

  constructor(script: ScriptLike, _ee: unknown, helpers: ArtilleryHelpers) {
    this.script = script;
    this.helpers = helpers;
    this.settings = readSettings(script.config.engines?.twinbench);
    const target = script.config.target;
    if (typeof target !== 'string' || !/^https?:\/\//.test(target)) {
      throw new LoadError(
        LOAD_ERROR_CODES.BAD_SCRIPT,
        `config.target ${JSON.stringify(target)} is not the platform's URL; set it to http://host:port (or run with --target)`,
      );
    }
    const idPrefix = `${this.settings.idPrefix}-${workerTag()}`;
    const client: LeanClientContext = newClientContext({ connectTimeoutMs: this.settings.timeoutMs });
    const api = new PlatformApi(target);
    const logins = this.settings.registerUrl
      ? new DeviceLogins({ registerUrl: this.settings.registerUrl, idPrefix })
      : undefined;
    this.env = {
      ...(logins ? { admit: (type: DeviceType, index: number) => logins.admit(type, index) } : {}),
      settings: this.settings,
      api,
      idPrefix,
      tags: { load: idPrefix },
      client,
      stream: this.settings.stream
        ? new StreamWatch(
            api.streamUrl(`tag=${encodeURIComponent(`load:${idPrefix}`)}&kinds=telemetry,command`),
            {
              telemetry: (_id, _seq, sent, at) => {
                const ee = this.events;
                if (!ee) return;
                ee.emit('counter', METRICS.twinUpdates, 1);
                if (sent !== undefined) ee.emit('histogram', METRICS.publishToTwin, Math.max(0, at - sent));
              },
              lost: () => this.events?.emit('error', 'TB_ERR_LOAD_STREAM_LOST'),
            },
            api.authHeaders(),
          )
        : undefined,
      nextIndex: (type) => {
        const n = this.counts.get(type) ?? 0;
        this.counts.set(type, n + 1);
        return n;
      },
    };
  }

  createScenario(
    spec: { flow?: unknown[] },
    ee: MetricEvents,
  ): (context: ArtilleryContext, cb: Callback) => void {
    this.events = ee;
    const tasks = (spec.flow ?? []).map((rs) => this.step(rs as Record<string, unknown>, ee));
    const ackTimeoutMs = this.settings.timeoutMs;
    return (context, callback) => {
      ee.emit('started');
      const vu = new VirtualUser(ee);
      context[VU] = vu;
      const end = (err: unknown) => {
        vu.finish(ackTimeoutMs, process.env.TWINBENCH_LOAD_LEDGER).then(
          () => callback(err, context),
          (finishErr: unknown) => callback(err ?? finishErr, context),
        );
      };
      const first =
        this.streamReady ??
        (this.streamReady = this.env.stream ? this.env.stream.open() : Promise.resolve(false));
      first.then(() => runSequence(tasks, context, end), end);
    };
  }

  /** One flow entry → a step function (artillery's `loop`, `think`, `function`, `log`, or ours). */
  step(rs: Record<string, unknown>, ee: MetricEvents): StepFn {
    const h = this.helpers;
    if (rs.loop !== undefined) {
      if (!Array.isArray(rs.loop))
        throw new LoadError(LOAD_ERROR_CODES.BAD_SCRIPT, 'loop: expected a list of steps');
      const steps = rs.loop.map((s) => this.step(s as Record<string, unknown>, ee));
      const processor = this.script.config.processor;
      return h.createLoopWithCount(rs.count ?? -1, steps, {
        loopValue: rs.loopValue ?? '$loopCount',
        overValues: rs.over,
        whileTrue: typeof rs.whileTrue === 'string' && processor ? processor[rs.whileTrue] : undefined,
      });
    }
    if (rs.think !== undefined) return h.createThink(rs, this.script.config.defaults?.think ?? {});
    if (typeof rs.function === 'string') return this.processorStep(rs.function, ee);
    if (rs.log !== undefined) {
      return (context, cb) => {
        console.log(h.template(rs.log, context));
        cb(null, context);
      };
    }
    const name = STEP_NAMES.find((n) => n in rs);
    if (!name) {
      throw new LoadError(
        LOAD_ERROR_CODES.BAD_SCRIPT,
        `unknown flow step ${JSON.stringify(Object.keys(rs))}; the twinbench engine knows ${[...STEP_NAMES, 'loop', 'think', 'function', 'log'].join(', ')}`,
      );
    }
    return this.ownStep(name, rs[name], ee);
  }

  private ownStep(name: StepName, params: unknown, ee: MetricEvents): StepFn {
    const run = STEPS[name];
    return (context, cb) => {
      const vu = context[VU] as VirtualUser;
      let rendered: unknown;
      try {
        rendered = this.helpers.template(params, context);
      } catch (err) {
        cb(err, context);
        return;
      }
      run(vu, context, rendered, this.env).then(
        () => cb(null, context),
        (err: unknown) => {
          const code = isTwinbenchError(err) ? err.code : (err as Error).message;
          ee.emit('error', code);
          this.explainOnce(code, err);
          cb(err, context);
        },
      );
    };
  }

  /** artillery shows an error's code only: print the first message of each code (per worker). */
  private explainOnce(code: string, err: unknown): void {
    if (this.explained.has(code)) return;
    this.explained.add(code);
    console.error(`[twinbench engine] ${code}: ${(err as Error).message ?? String(err)}`);
  }

  private processorStep(fnName: string, ee: MetricEvents): StepFn {
    return (context, cb) => {
      const fn = this.script.config.processor?.[fnName] as
        ((ctx: unknown, events: unknown, next?: (err?: unknown) => void) => unknown) | undefined;
      if (typeof fn !== 'function') {
        cb(
          new LoadError(LOAD_ERROR_CODES.BAD_SCRIPT, `function '${fnName}' is not in config.processor`),
          context,
        );
        return;
      }
      if (fn.length >= 3) {
        fn(context, ee, (err?: unknown) => cb(err ?? null, context));
        return;
      }
      Promise.resolve(fn(context, ee)).then(
        () => cb(null, context),
        (err: unknown) => cb(err, context),
      );
    };
  }
}

/** Runs step functions one after the other, stopping at the first error (artillery's waterfall). */
function runSequence(tasks: StepFn[], context: ArtilleryContext, done: (err: unknown) => void): void {
  let i = 0;
  const next = (err: unknown) => {
    if (err || i >= tasks.length) {
      done(err ?? null);
      return;
    }
    const task = tasks[i++] as StepFn;
    try {
      task(context, next);
    } catch (thrown) {
      done(thrown);
    }
  };
  next(null);
}
