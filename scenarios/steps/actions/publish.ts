import Type, { type Static } from 'typebox';
import { formatDuration } from '../../../twin/index.ts';
import { refText } from '../../expect/condition.ts';
import { DeviceRef, Duration } from '../../format/schema/common.ts';
import { checkDevice } from '../refs.ts';
import type { ActionModule } from '../types.ts';

export const PublishSchema = Type.Object(
  {
    device: Type.Optional(DeviceRef),
    kind: Type.Optional(
      Type.Union(
        [
          Type.Literal('telemetry'),
          Type.Literal('status'),
          Type.Literal('events'),
          Type.Literal('commandResponse'),
        ],
        { description: 'telemetry, status, events or commandResponse (with device)' },
      ),
    ),
    profile: Type.Optional(Type.String({ description: 'topic profile; default twinbench' })),
    topic: Type.Optional(Type.String({ description: 'a raw topic; {id} is the prefixed device id' })),
    payload: Type.Unknown({ description: 'an object (sent as JSON) or a string (sent as is)' }),
    qos: Type.Optional(Type.Union([Type.Literal(0), Type.Literal(1), Type.Literal(2)])),
    retain: Type.Optional(Type.Boolean()),
    count: Type.Optional(Type.Integer({ minimum: 1, maximum: 1_000_000 })),
    interval: Type.Optional(Duration),
  },
  { additionalProperties: false, description: 'raw MQTT publishes (malformed input, foreign devices)' },
);

export type PublishSpec = Static<typeof PublishSchema>;

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

/** `publish: { device, kind | topic, payload, count?, interval?, qos?, retain?, profile? }`: raw MQTT. */
export const publishAction: ActionModule<PublishSpec> = {
  key: 'publish',
  schema: PublishSchema,
  label: (spec) =>
    `publish ${spec.count ? `${spec.count} × ` : ''}${spec.topic ?? `${String(spec.kind)} for ${spec.device !== undefined ? refText(spec.device) : 'undefined'}`}`,
  compile(spec, ctx) {
    if (spec.topic === undefined && (spec.device === undefined || spec.kind === undefined))
      ctx.badReference("publish needs a 'topic', or a 'device' and a 'kind'");
    checkDevice(spec.device, ctx, '/device');
    const intervalMs = spec.interval !== undefined ? ctx.durationMs(spec.interval, '/interval') : 0;
    const count = spec.count ?? 1;
    const o = { qos: spec.qos ?? 1, retain: spec.retain ?? false };
    return {
      async run(run) {
        const id = spec.device !== undefined ? run.device(spec.device) : undefined;
        const topic =
          spec.topic !== undefined
            ? spec.topic.replace(/\{id\}/g, id ?? '{id}')
            : run.topicFor(spec.profile ?? 'twinbench', spec.kind ?? 'telemetry', id as string);
        let pending: Promise<void>[] = [];
        for (let i = 1; i <= count; i++) {
          run.signal.throwIfAborted();
          const body = fillPayload(spec.payload, i, run.clock.now());
          pending.push(run.mqtt.publish(topic, typeof body === 'string' ? body : JSON.stringify(body), o));
          if (pending.length >= BATCH || intervalMs > 0) {
            await Promise.all(pending);
            pending = [];
          }
          if (intervalMs > 0 && i < count) await run.clock.sleep(intervalMs, run.signal);
        }
        await Promise.all(pending);
        return `published ${count} message(s) to ${topic}${intervalMs ? ` every ${formatDuration(intervalMs)}` : ''}`;
      },
    };
  },
};
