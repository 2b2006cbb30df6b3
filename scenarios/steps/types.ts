/**
 * What a step kind is made of (one module per action, condition or section; docs/scenarios.md "Adding a
 * step kind"): a key, a TypeBox schema for the value under that key, words for reports, and a compile
 * function that turns a checked value into a typed compiled step once, when the scenario loads. The
 * engine then runs compiled steps only: nothing dispatches on keys at run time.
 */
import type { TSchema } from 'typebox';
import type { Clock } from '../engine/clock.ts';
import type { EventLog } from '../engine/event-log.ts';
import type {
  FaultHandle,
  FleetControl,
  PlatformControl,
  Publisher,
  ServiceControl,
  TopicKindName,
} from '../engine/world.ts';
import type { ConditionContext, DeviceRef, DeviceSelector, Sample } from '../expect/condition.ts';

export type { Sample };

/** Compiled sections by key (what `SectionModule.compile` returned, or at run time what `open` did). */
export interface SectionValues {
  has(key: string): boolean;
  /** The section's value; undefined when the scenario has no such section. */
  get<T = unknown>(key: string): T | undefined;
}

/** What compile functions get: where the value is, what the scenario defines, and a way to say what is wrong. */
export interface CompileContext {
  /**
   * The file the value was written in (the scenario, or the fragment it was included from), absolute,
   * when it came from one: resolve relative paths (a rig file) against its folder.
   */
  readonly file: string | undefined;
  /** JSON pointer of the value being compiled, e.g. `/steps/3/inject` or `/hil`. */
  readonly path: string;
  /** Names of the fleets the scenario defines, in order. */
  readonly fleets: readonly string[];
  /**
   * Reports a problem in the value (code TB_ERR_SCENARIOS_SCHEMA); `at` is a JSON pointer relative to
   * the value ('' or omitted: the value itself). Loading fails with every problem, each at file:line:col.
   */
  error(message: string, at?: string): void;
  /** Reports a name that does not exist (code TB_ERR_SCENARIOS_BAD_REFERENCE). */
  badReference(message: string, at?: string): void;
  /** Milliseconds of a duration (`500ms`, `10s`, `2m`, `1h`, `1d` or a number of ms); a problem otherwise. */
  durationMs(input: unknown, at?: string): number;
  /** Checks that a fleet of that name exists (nothing to check when `name` is undefined). */
  fleet(name: string | undefined, at?: string): void;
}

/** What a step's compile function gets, besides the common context. */
export interface StepCompileContext extends CompileContext {
  /** The scenario's compiled sections (e.g. `hil`), compiled before any step. */
  readonly sections: SectionValues;
  /**
   * Defines a name later steps may use (`inject … as: x` in namespace `fault`, `send_command … as: c`
   * in `command`); a name defined twice in one namespace is a problem.
   */
  define(namespace: string, name: string, at?: string): void;
  /** Whether an earlier step defined this name in this namespace. */
  defined(namespace: string, name: string): boolean;
}

/** The scenario's platform as actions see it: URL, REST client, stop and start. */
export type PlatformAccess = PlatformControl;

/** What a compiled action's `run` gets: everything the engine has. */
export interface ActionRunContext {
  /** The scenario's platform process: `url` (changes when it restarts), `api` (REST), stop/start. */
  readonly platform: PlatformAccess;
  /** The suite broker's URL (mqtt://127.0.0.1:PORT). */
  readonly mqttUrl: string;
  /** Raw publishes on the suite broker. */
  readonly mqtt: Publisher;
  /** The topic of a message kind for a device under a built-in topic profile. */
  topicFor(profile: string, kind: TopicKindName, deviceId: string): string;
  /** The scenario's simulator fleets. */
  readonly fleets: FleetControl;
  /** The suite's shared services (broker, InfluxDB). */
  readonly services: ServiceControl;
  /** The scenario's event log (lines appear in failure explanations and the report). */
  readonly log: EventLog;
  readonly clock: Clock;
  /** Aborted when the scenario ends early, runs past its timeout, or the step past its `timeout`. */
  readonly signal: AbortSignal;
  /** The scenario's sections, opened (see SectionModule.open). */
  readonly sections: SectionValues;
  /** Device-id prefix of this scenario (isolation on the shared broker). */
  readonly prefix: string;
  /** The platform id of a device the scenario names. */
  device(ref: DeviceRef): string;
  /** The platform ids of a set of devices. */
  devices(selector: DeviceSelector): string[];
  /** Fault handles by `inject … as:` name. */
  readonly faults: Map<string, FaultHandle>;
  /** Command ids by `send_command … as:` name. */
  readonly commands: Map<string, string>;
  /** Work that goes on after the step (a fault cleared later); awaited before the scenario ends. */
  background(task: Promise<unknown>): void;
  /** Runs `fn` when the scenario ends (last deferred first), whatever happened: close what you opened. */
  defer(fn: () => unknown): void;
}

/** What a compiled condition's `sample` gets: the platform's data and the scenario's names. */
export interface ConditionSampleContext extends ConditionContext {
  readonly sections: SectionValues;
  /** Aborted when the scenario ends early. */
  readonly signal: AbortSignal;
}

/** An action, compiled: the engine calls `run` once when the step's time comes. */
export interface CompiledAction {
  /** Does the thing; returns words for the event log and the report ("fleet f started (3 devices)"). */
  run(ctx: ActionRunContext): Promise<string | void>;
}

/**
 * A condition, compiled: a strategy object that looks once (`sample`); `eventually … within` and
 * `always … during` decide when and how often.
 */
export interface CompiledCondition {
  /** The condition key (twin, online, hil.expect …). */
  readonly kind: string;
  /** "twin brk-0001 breaker_state equals \"tripped\"" */
  describe(ctx?: ConditionContext): string;
  /** Called once before the first sample (a metric's baseline). */
  begin?(ctx: ConditionSampleContext): Promise<void>;
  sample(ctx: ConditionSampleContext): Promise<Sample>;
  /** Suggested time between samples, ms; default 250. */
  readonly pollMs?: number;
}

/** One action kind: `- <key>: <value>` in a step. */
export interface ActionModule<Spec = unknown> {
  /** The YAML key: lower case, digits, `_`, `-`, dotted namespaces (`hil.flash`, `wait-serial`). */
  readonly key: string;
  /** The value under the key; the loader checks it (errors with file:line:col) before `compile`. */
  readonly schema: TSchema;
  /** Words for reports when the step has no `name`: "inject overload on fleet breakers". */
  label(spec: Spec): string;
  /** Checks references, converts durations, and returns the runnable step. Called once per scenario load. */
  compile(spec: Spec, ctx: StepCompileContext): CompiledAction;
  /** The step's timeout when it sets none, ms; default none (the scenario's timeout still applies). */
  readonly defaultTimeoutMs?: number;
  /** True when the step makes the scenario run alone (restarting the shared broker). Default false. */
  exclusive?(spec: Spec): boolean;
}

/** One condition kind: `eventually: { <key>: <value>, within }`, `always`, `wait_until`. */
export interface ConditionModule<Spec = unknown> {
  readonly key: string;
  readonly schema: TSchema;
  label(spec: Spec): string;
  compile(spec: Spec, ctx: StepCompileContext): CompiledCondition;
}

/** What a section's `open` gets at scenario start. */
export interface SectionOpenContext {
  readonly clock: Clock;
  readonly log: EventLog;
  readonly signal: AbortSignal;
  readonly platform: PlatformAccess;
  readonly mqttUrl: string;
  /** Runs `fn` when the scenario ends: close what `open` opened. */
  defer(fn: () => unknown): void;
}

/**
 * A top-level scenario section another part owns (`hil: { rig: rig.yaml, duts: [...] }`): compiled once
 * when the scenario loads (steps' compile functions see the compiled value), opened once when the
 * scenario starts (steps' run functions see the opened value).
 */
export interface SectionModule<Spec = unknown, Compiled = unknown, Opened = Compiled> {
  /** The top-level key; must not be a scenario key (name, steps, fleets …). */
  readonly key: string;
  readonly schema: TSchema;
  compile(spec: Spec, ctx: CompileContext): Compiled;
  /** At scenario start, before the first step (resources: close them with `ctx.defer`). Default: the compiled value. */
  open?(compiled: Compiled, ctx: SectionOpenContext): Promise<Opened>;
  /** True when the scenario must run alone (it holds a board). Default false. */
  exclusive?(compiled: Compiled): boolean;
}
