/**
 * The engine's flow steps, one function each: `connect`, `publish`, `setDesired`, `command`,
 * `expectTwin`, `disconnect`. (`loop`, `think`, `function` and `log` are artillery's own, built by the
 * engine with artillery's helpers.) A step's parameters have already been through artillery's
 * templating (`{{ … }}`); each step reads what it needs and throws LoadError for a malformed one.
 */
import { randomUUID } from 'node:crypto';
import type { DrivenDevice, LeanClientContext } from '../../simulator/index.ts';
import {
  DEVICE_TYPES,
  isDeviceType,
  tryParseDuration,
  type DeviceType,
  type TopicKind,
} from '../../twin/index.ts';
import { LOAD_ERROR_CODES, LoadError } from '../errors.ts';
import type { EngineSettings } from './config.ts';
import { METRICS } from './metrics.ts';
import type { PlatformApi } from './platform-api.ts';
import type { StreamWatch } from './stream-watch.ts';
import type { VirtualUser } from './virtual-user.ts';

/** What every step may use: shared by the VUs of one engine (one artillery worker). */
export interface StepEnv {
  settings: EngineSettings;
  api: PlatformApi;
  stream: StreamWatch | undefined;
  /** Worker-unique id prefix and the tag that filters the stream to this worker's devices. */
  idPrefix: string;
  tags: Record<string, string>;
  client: LeanClientContext;
  /** The next device index of `type` in this worker. */
  nextIndex(type: DeviceType): number;
  /** Device auth: resolves once device `index` of `type` may log in (its id registered with the broker). */
  admit?(type: DeviceType, index: number): Promise<void>;
}

/** artillery's VU context: `vars` is where `{{ name }}` templates look. */
export interface VuContext {
  vars: Record<string, unknown>;
}

export const STEP_NAMES = [
  'connect',
  'publish',
  'setDesired',
  'command',
  'expectTwin',
  'disconnect',
] as const;
export type StepName = (typeof STEP_NAMES)[number];

function bad(step: string, message: string): LoadError {
  return new LoadError(LOAD_ERROR_CODES.BAD_SCRIPT, `${step}: ${message}`);
}

function asMap(step: string, v: unknown): Record<string, unknown> {
  if (v === null || v === undefined) return {};
  if (typeof v !== 'object' || Array.isArray(v))
    throw bad(step, `expected a map of parameters, got ${JSON.stringify(v)}`);
  return v as Record<string, unknown>;
}

function timeoutOf(step: string, p: Record<string, unknown>, fallback: number): number {
  if (p.timeout === undefined) return fallback;
  const ms = tryParseDuration(p.timeout);
  if (ms === undefined)
    throw bad(step, `timeout ${JSON.stringify(p.timeout)} is not a duration (10s, 500ms …)`);
  return ms;
}

function deviceOf(vu: VirtualUser, step: string): DrivenDevice {
  const d = vu.device;
  if (!d) {
    throw new LoadError(
      LOAD_ERROR_CODES.NOT_CONNECTED,
      `${step} before connect: put a \`connect\` step first in the flow`,
    );
  }
  return d;
}

/** `connect: {}` · `connect: camera` · `connect: { type, modelOptions }`; after `disconnect`, the same device again */
async function connect(vu: VirtualUser, ctx: VuContext, raw: unknown, env: StepEnv): Promise<void> {
  const p = typeof raw === 'string' ? { type: raw } : asMap('connect', raw);
  const type = (p.type ?? env.settings.deviceType) as DeviceType;
  if (!isDeviceType(type))
    throw bad(
      'connect',
      `type '${String(type)}' is not a device type; use one of ${DEVICE_TYPES.join(', ')}`,
    );
  if (vu.device?.connected)
    throw bad('connect', 'this virtual user is already connected (one VU drives one device)');
  if (vu.device) {
    await vu.reconnect(); // the same device again, after a disconnect: its seq goes on
    return;
  }
  const index = env.nextIndex(type);
  await env.admit?.(type, index);
  const d = await vu.connect(env.settings, {
    type,
    index,
    idPrefix: env.idPrefix,
    tags: env.tags,
    client: env.client,
    ...(p.modelOptions ? { modelOptions: asMap('connect.modelOptions', p.modelOptions) } : {}),
  });
  ctx.vars.deviceId = d.id;
  ctx.vars.lastSeq = 0;
}

const TEMPLATE_KINDS = new Set<string>(['telemetry', 'events', 'status', 'commandResponse']);

/** `publish: {}` · `publish: { fields: {…}, count: 10 }` · `publish: { template: {…}, kind: telemetry }` */
async function publish(vu: VirtualUser, ctx: VuContext, raw: unknown): Promise<void> {
  const d = deviceOf(vu, 'publish');
  const p = asMap('publish', raw);
  const count = p.count === undefined ? 1 : Number(p.count);
  if (!Number.isInteger(count) || count < 1 || count > 100_000)
    throw bad('publish', 'count must be an integer 1..100000');
  const kind = (p.kind ?? 'telemetry') as string;
  if (!TEMPLATE_KINDS.has(kind))
    throw bad('publish', `kind '${kind}' is not one of ${[...TEMPLATE_KINDS].join(', ')}`);
  for (let i = 0; i < count; i++) {
    if (p.template !== undefined) {
      const t = p.template;
      if (typeof t !== 'string' && (typeof t !== 'object' || t === null))
        throw bad('publish', 'template must be a map or a string');
      d.publishTemplate(kind as Exclude<TopicKind, 'command'>, t as string | Record<string, unknown>);
    } else {
      d.publishTelemetry(p.fields === undefined ? undefined : (asMap('publish.fields', p.fields) as never));
    }
  }
  ctx.vars.lastSeq = d.seq;
  vu.flush();
}

/** `setDesired: { desired: { interval_s: 30 }, wait: true, timeout: 10s }` */
async function setDesired(vu: VirtualUser, _ctx: VuContext, raw: unknown, env: StepEnv): Promise<void> {
  const d = deviceOf(vu, 'setDesired');
  const p = asMap('setDesired', raw);
  const desired = asMap('setDesired.desired', p.desired);
  if (Object.keys(desired).length === 0) throw bad('setDesired', 'give `desired: { key: value }`');
  const timeoutMs = timeoutOf('setDesired', p, env.settings.timeoutMs);
  const wait = p.wait !== false && d.connected;
  const started = Date.now();
  const arrived = wait ? waitForDelta(d, timeoutMs) : undefined;
  await env.api.setDesired(d.id, desired, timeoutMs);
  if (!arrived) return;
  const at = await arrived;
  if (at === undefined) vu.ee.emit('counter', METRICS.desiredTimedOut, 1);
  else vu.ee.emit('histogram', METRICS.desiredToDevice, at - started);
  vu.flush();
}

function waitForDelta(d: DrivenDevice, timeoutMs: number): Promise<number | undefined> {
  return new Promise((resolve) => {
    const before = d.listener.delta;
    const done = (at: number | undefined) => {
      clearTimeout(timer);
      d.listener.delta = before;
      resolve(at);
    };
    const timer = setTimeout(() => done(undefined), timeoutMs);
    d.listener.delta = (state) => {
      before?.(state);
      done(Date.now());
    };
  });
}

/** `command: { name: identify, params: { duration_s: 1 }, timeout: 10s }` */
async function command(vu: VirtualUser, ctx: VuContext, raw: unknown, env: StepEnv): Promise<void> {
  const d = deviceOf(vu, 'command');
  const p = typeof raw === 'string' ? { name: raw } : asMap('command', raw);
  if (typeof p.name !== 'string' || p.name === '') throw bad('command', 'give the command `name`');
  const timeoutMs = timeoutOf('command', p, env.settings.timeoutMs);
  const id = `ld-${randomUUID()}`;
  const started = Date.now();
  const seen = env.stream?.up ? env.stream.waitForCommand(id) : undefined;
  try {
    const body = {
      id,
      name: p.name,
      ...(p.params !== undefined ? { params: asMap('command.params', p.params) } : {}),
      timeoutMs,
    };
    await env.api.sendCommand(d.id, body, timeoutMs);
  } catch (err) {
    env.stream?.forgetCommand(id);
    throw err;
  }
  const final = await finalStatus(env, id, seen, timeoutMs + 1_000);
  env.stream?.forgetCommand(id);
  const status = final?.record.status ?? 'timed_out';
  vu.ee.emit('counter', `${METRICS.commands}.${status}`, 1);
  if (final && status !== 'timed_out') vu.ee.emit('histogram', METRICS.commandRoundTrip, final.at - started);
  ctx.vars.commandStatus = status;
  vu.flush();
}

async function finalStatus(
  env: StepEnv,
  id: string,
  seen: Promise<{ record: { status: string }; at: number }> | undefined,
  timeoutMs: number,
): Promise<{ record: { status: string }; at: number } | undefined> {
  if (seen) {
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<undefined>((r) => (timer = setTimeout(() => r(undefined), timeoutMs)));
    const got = await Promise.race([seen, late]);
    clearTimeout(timer);
    if (got) return got;
  }
  // No stream (or it missed the change): ask the API until the command is final.
  return poll(timeoutMs, async () => {
    const record = await env.api.command(id);
    return record.status === 'pending' || record.status === 'delivered'
      ? undefined
      : { record, at: Date.now() };
  });
}

/** Calls `probe` with growing pauses (50 ms doubling to 1 s) until it gives a value or time is up. */
async function poll<T>(timeoutMs: number, probe: () => Promise<T | undefined>): Promise<T | undefined> {
  const end = Date.now() + timeoutMs;
  let pause = 50;
  for (;;) {
    const v = await probe();
    if (v !== undefined) return v;
    if (Date.now() + pause > end) return undefined;
    await new Promise((r) => setTimeout(r, pause));
    pause = Math.min(1_000, pause * 2);
  }
}

function valueAt(doc: unknown, path: string): unknown {
  let v: unknown = doc;
  for (const key of path.split('.')) {
    if (v === null || typeof v !== 'object') return undefined;
    v = (v as Record<string, unknown>)[key];
  }
  return v;
}

/** Whether `actual` satisfies the step's `equals` / `atLeast` / `exists`. */
export function twinMatches(actual: unknown, p: Record<string, unknown>): boolean {
  if (p.equals !== undefined) {
    return typeof actual === 'object'
      ? JSON.stringify(actual) === JSON.stringify(p.equals)
      : String(actual) === String(p.equals);
  }
  if (p.atLeast !== undefined) return typeof actual === 'number' && actual >= Number(p.atLeast);
  return actual !== undefined && actual !== null;
}

/** `expectTwin: { path: telemetry.seq, equals: "{{ lastSeq }}", timeout: 5s }` (or `atLeast`, or just `path`) */
async function expectTwin(vu: VirtualUser, _ctx: VuContext, raw: unknown, env: StepEnv): Promise<void> {
  const d = deviceOf(vu, 'expectTwin');
  const p = asMap('expectTwin', raw);
  if (typeof p.path !== 'string' || p.path === '') {
    throw bad('expectTwin', 'give the twin `path`, e.g. telemetry.seq or shadow.state.reported.interval_s');
  }
  const path = p.path;
  const timeoutMs = timeoutOf('expectTwin', p, env.settings.timeoutMs);
  const started = Date.now();
  let last: unknown;
  const ok = await poll(timeoutMs, async () => {
    last = valueAt(await env.api.twin(d.id), path);
    return twinMatches(last, p) ? true : undefined;
  });
  if (ok) {
    vu.ee.emit('histogram', METRICS.expectTwinWait, Date.now() - started);
    return;
  }
  vu.ee.emit('counter', METRICS.expectTwinFailed, 1);
  const wanted =
    p.equals !== undefined
      ? `= ${JSON.stringify(p.equals)}`
      : p.atLeast !== undefined
        ? `>= ${String(p.atLeast)}`
        : 'to exist';
  throw new LoadError(
    LOAD_ERROR_CODES.TIMEOUT,
    `expectTwin: ${d.id} ${path} was ${JSON.stringify(last)} after ${timeoutMs} ms, expected ${wanted}`,
  );
}

/** `disconnect: {}` (clean: offline status, DISCONNECT) · `disconnect: { clean: false }` (socket drops, will fires) */
async function disconnect(vu: VirtualUser, _ctx: VuContext, raw: unknown, env: StepEnv): Promise<void> {
  deviceOf(vu, 'disconnect');
  const p = asMap('disconnect', raw);
  await vu.disconnect(p.clean !== false, env.settings.timeoutMs);
}

export const STEPS: Record<
  StepName,
  (vu: VirtualUser, ctx: VuContext, params: unknown, env: StepEnv) => Promise<void>
> = { connect, publish, setDesired, command, expectTwin, disconnect };
