import { SCENARIOS_ERROR_CODES, ScenarioError } from '../../errors.ts';
import type { DeviceSelector } from '../../expect/condition.ts';
import { formatDuration, parseDuration, type DurationInput } from '../duration.ts';
import type { FaultSpec } from '../world.ts';
import type { ActionContext, ActionHandler } from './context.ts';

export interface InjectSpec {
  fault: FaultSpec;
  fleet?: string;
  select?: DeviceSelector;
  as?: string;
  clear_after?: DurationInput;
}

/** The fleet an inject targets: given, the selector's, the one holding the ids, or the only one. */
function fleetFor(spec: InjectSpec, ctx: ActionContext): string {
  if (spec.fleet) return spec.fleet;
  if (spec.select?.fleet) return spec.select.fleet;
  const names = ctx.world.fleets.names();
  if (spec.select?.ids) {
    const ids = spec.select.ids.map((id) => ctx.device(id));
    const holder = names.find((f) => ids.every((id) => ctx.world.fleets.deviceIds(f).includes(id)));
    if (holder) return holder;
  }
  if (names.length === 1) return names[0] as string;
  throw new ScenarioError(
    SCENARIOS_ERROR_CODES.BAD_REFERENCE,
    `cannot tell which fleet gets the fault; add 'fleet:' (fleets: ${names.join(', ')})`,
  );
}

export const startFleet: ActionHandler<string> = async (name, ctx) => {
  await ctx.world.fleets.start(name);
  return `fleet ${name} started (${ctx.world.fleets.deviceIds(name).length} devices)`;
};

export const stopFleet: ActionHandler<string> = async (name, ctx) => {
  await ctx.world.fleets.stop(name);
  return `fleet ${name} stopped`;
};

export const inject: ActionHandler<InjectSpec> = async (spec, ctx) => {
  const fleet = fleetFor(spec, ctx);
  const select = spec.select
    ? { ...spec.select, ...(spec.select.ids ? { ids: spec.select.ids.map((id) => ctx.device(id)) } : {}) }
    : undefined;
  const handle = await ctx.world.fleets.inject(fleet, spec.fault, select);
  if (spec.as) ctx.handles.set(spec.as, handle);
  const { kind, ...args } = spec.fault;
  let text = `${kind}${Object.keys(args).length ? ` ${JSON.stringify(args)}` : ''} on ${handle.devices.length} device(s) of ${fleet}${handle.devices.length <= 3 ? ` (${handle.devices.join(', ')})` : ''}`;
  if (spec.clear_after !== undefined) {
    const ms = parseDuration(spec.clear_after);
    text += `, cleared after ${formatDuration(ms)}`;
    ctx.background(
      ctx.world.clock.sleep(ms, ctx.signal).then(async () => {
        await handle.clear();
        ctx.world.log.add({
          t: ctx.world.clock.now(),
          source: 'action',
          text: `fault ${kind} cleared on ${fleet}`,
        });
      }),
    );
  }
  return text;
};

export const clearFault: ActionHandler<string> = async (name, ctx) => {
  const handle = ctx.handles.get(name);
  if (!handle) throw new ScenarioError(SCENARIOS_ERROR_CODES.BAD_REFERENCE, `no fault injected as '${name}'`);
  await handle.clear();
  return `fault ${name} cleared`;
};

export const advance: ActionHandler<DurationInput | { by: DurationInput; fleet?: string }> = async (
  spec,
  ctx,
) => {
  const by = typeof spec === 'object' ? spec.by : spec;
  const fleet = typeof spec === 'object' ? spec.fleet : undefined;
  const ms = parseDuration(by);
  await ctx.world.fleets.advance(ms, fleet);
  return `virtual time of ${fleet ?? 'every fleet'} advanced by ${formatDuration(ms)}`;
};

export const backfill: ActionHandler<{
  fleet?: string;
  duration: DurationInput;
  interval?: DurationInput;
}> = async (spec, ctx) => {
  const names = spec.fleet
    ? [spec.fleet]
    : ctx.world.fleets.names().filter((f) => ctx.world.fleets.isRunning(f));
  let messages = 0;
  for (const fleet of names) {
    const r = await ctx.world.fleets.backfill(fleet, {
      durationMs: parseDuration(spec.duration),
      ...(spec.interval !== undefined ? { intervalMs: parseDuration(spec.interval) } : {}),
    });
    messages += r.messages;
  }
  return `backfilled ${formatDuration(parseDuration(spec.duration))} of history (${messages} messages)`;
};
