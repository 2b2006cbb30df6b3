import type { DeviceRef } from '../../expect/condition.ts';
import { formatDuration, parseDuration, type DurationInput } from '../duration.ts';
import type { ActionHandler } from './context.ts';

export interface PublishSpec {
  device?: DeviceRef;
  kind?: 'telemetry' | 'status' | 'events' | 'commandResponse';
  profile?: string;
  topic?: string;
  payload: unknown;
  qos?: 0 | 1 | 2;
  retain?: boolean;
  count?: number;
  interval?: DurationInput;
}

/** `{i}` is the message's number (from 1), `{now}` the clock in epoch ms; a whole "{i}" becomes a number. */
export function fillPayload(value: unknown, i: number, now: number): unknown {
  if (typeof value === 'string') {
    if (value === '{i}') return i;
    if (value === '{now}') return now;
    return value.replace(/\{i\}/g, String(i)).replace(/\{now\}/g, String(now));
  }
  if (Array.isArray(value)) return value.map((v) => fillPayload(v, i, now));
  if (typeof value === 'object' && value !== null)
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, fillPayload(v, i, now)]));
  return value;
}

const BATCH = 200;

export const publish: ActionHandler<PublishSpec> = async (spec, ctx) => {
  const { world } = ctx;
  const id = spec.device !== undefined ? ctx.device(spec.device) : undefined;
  const topic =
    spec.topic !== undefined
      ? spec.topic.replace(/\{id\}/g, id ?? '{id}')
      : world.topicFor(spec.profile ?? 'twinbench', spec.kind ?? 'telemetry', id as string);
  const count = spec.count ?? 1;
  const intervalMs = spec.interval !== undefined ? parseDuration(spec.interval) : 0;
  const o = { qos: spec.qos ?? 1, retain: spec.retain ?? false };
  let pending: Promise<void>[] = [];
  for (let i = 1; i <= count; i++) {
    ctx.signal.throwIfAborted();
    const body = fillPayload(spec.payload, i, world.clock.now());
    pending.push(world.mqtt.publish(topic, typeof body === 'string' ? body : JSON.stringify(body), o));
    if (pending.length >= BATCH || intervalMs > 0) {
      await Promise.all(pending);
      pending = [];
    }
    if (intervalMs > 0 && i < count) await world.clock.sleep(intervalMs, ctx.signal);
  }
  await Promise.all(pending);
  return `published ${count} message(s) to ${topic}${intervalMs ? ` every ${formatDuration(intervalMs)}` : ''}`;
};

export const wait: ActionHandler<DurationInput> = async (d, ctx) => {
  const ms = parseDuration(d);
  await ctx.world.clock.sleep(ms, ctx.signal);
  return `waited ${formatDuration(ms)}`;
};

export const note: ActionHandler<string> = async (text) => text;
