import type { DeviceRef, DeviceSelector } from '../../expect/condition.ts';
import { formatDuration, parseDuration, type DurationInput } from '../duration.ts';
import type { ActionHandler } from './context.ts';

export const setDesired: ActionHandler<{
  device?: DeviceRef;
  devices?: DeviceSelector;
  state: Record<string, unknown>;
}> = async (spec, ctx) => {
  const ids = spec.device !== undefined ? [ctx.device(spec.device)] : ctx.devices(spec.devices ?? {});
  for (const id of ids) await ctx.world.platform.setDesired(id, spec.state);
  return `desired ${JSON.stringify(spec.state)} on ${ids.length <= 3 ? ids.join(', ') : `${ids.length} devices`}`;
};

export const sendCommand: ActionHandler<{
  device: DeviceRef;
  name: string;
  params?: Record<string, unknown>;
  as?: string;
  timeout?: DurationInput;
}> = async (spec, ctx) => {
  const id = ctx.device(spec.device);
  const sent = await ctx.world.platform.sendCommand(id, {
    name: spec.name,
    ...(spec.params ? { params: spec.params } : {}),
    ...(spec.timeout !== undefined ? { timeoutMs: parseDuration(spec.timeout) } : {}),
  });
  if (spec.as) ctx.commands.set(spec.as, sent.id);
  return `command ${spec.name} to ${id}: ${sent.id} ${sent.status}`;
};

type Service = 'broker' | 'influxdb' | 'platform';

export const restart: ActionHandler<
  Service | { service: Service; how?: 'stop' | 'kill'; down_for?: DurationInput }
> = async (spec, ctx) => {
  const o = typeof spec === 'string' ? { service: spec } : spec;
  const started = ctx.world.clock.now();
  if (o.service === 'platform') {
    const how = o.how ?? 'stop';
    await ctx.world.platform.stop(how);
    if (o.down_for !== undefined) await ctx.world.clock.sleep(parseDuration(o.down_for), ctx.signal);
    await ctx.world.platform.start();
    return `platform restarted (${how}) in ${formatDuration(ctx.world.clock.now() - started)}`;
  }
  await ctx.world.services.restart(o.service);
  return `${o.service} restarted in ${formatDuration(ctx.world.clock.now() - started)}`;
};

export const stopPlatform: ActionHandler<'stop' | 'kill'> = async (how, ctx) => {
  await ctx.world.platform.stop(how);
  return `platform ${how === 'kill' ? 'killed' : 'stopped'}`;
};

export const startPlatform: ActionHandler<boolean> = async (_yes, ctx) => {
  await ctx.world.platform.start();
  return `platform started at ${ctx.world.platform.url}`;
};
