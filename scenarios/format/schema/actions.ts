import Type, { type TSchema } from 'typebox';
import { DeviceRef, Duration, JsonObject, Name, Selector } from './common.ts';
import { Fault } from './fault.ts';

const Service = Type.Union([Type.Literal('broker'), Type.Literal('influxdb'), Type.Literal('platform')], {
  description: 'broker, influxdb or platform',
});
const StopHow = Type.Union([Type.Literal('stop'), Type.Literal('kill')], {
  description: 'stop (SIGTERM, the platform flushes) or kill (SIGKILL, a crash)',
});

/** Every action key a step can hold, with its schema: one handler each (engine/actions). */
export const ACTION_SCHEMAS = {
  start_fleet: Name,
  stop_fleet: Name,
  inject: Type.Object(
    {
      fault: Fault,
      fleet: Type.Optional(Name),
      select: Type.Optional(Selector),
      as: Type.Optional(Name),
      clear_after: Type.Optional(Duration),
    },
    { additionalProperties: false, description: 'inject a simulator fault into selected devices' },
  ),
  clear_fault: Name,
  set_desired: Type.Object(
    { device: Type.Optional(DeviceRef), devices: Type.Optional(Selector), state: JsonObject },
    { additionalProperties: false, description: 'PATCH /devices/:id/desired for one or more devices' },
  ),
  send_command: Type.Object(
    {
      device: DeviceRef,
      name: Type.String(),
      params: Type.Optional(JsonObject),
      as: Type.Optional(Name),
      timeout: Type.Optional(Duration),
    },
    { additionalProperties: false, description: 'POST /devices/:id/commands' },
  ),
  restart: Type.Union(
    [
      Service,
      Type.Object(
        {
          service: Service,
          how: Type.Optional(StopHow),
          down_for: Type.Optional(Duration),
        },
        { additionalProperties: false },
      ),
    ],
    { description: 'broker, influxdb, platform, or {service, how, down_for}' },
  ),
  stop_platform: StopHow,
  start_platform: Type.Boolean({ description: 'true: start the platform again after stop_platform' }),
  advance: Type.Union(
    [Duration, Type.Object({ by: Duration, fleet: Type.Optional(Name) }, { additionalProperties: false })],
    { description: "move fleets' virtual time forward: a duration or {by, fleet}" },
  ),
  backfill: Type.Object(
    { fleet: Type.Optional(Name), duration: Duration, interval: Type.Optional(Duration) },
    { additionalProperties: false, description: 'publish history with past timestamps' },
  ),
  publish: Type.Object(
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
  ),
  wait: Duration,
  note: Type.String({ description: 'a line in the event log and report' }),
} satisfies Record<string, TSchema>;

export type ActionKey = keyof typeof ACTION_SCHEMAS;
export const ACTION_KEYS = Object.keys(ACTION_SCHEMAS) as ActionKey[];
