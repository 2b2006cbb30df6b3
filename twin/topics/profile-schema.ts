/** The JSON Schema of a topic profile spec (fleet specs, platform config, the published JSON). */
import { Type } from 'typebox';
import { RegistryDeviceTypeSchema } from '../devices/device-type.ts';
import { LivenessSpecSchema, PayloadMappingSchema } from './mapping/mapping-schema.ts';

export const MacFormatSchema = Type.Object(
  {
    separator: Type.Enum([':', '-', ''], { description: 'Between octets: ":" (aa:bb:…), "-" or "" (aabb…)' }),
    case: Type.Enum(['lower', 'upper']),
  },
  { additionalProperties: false, description: 'How {mac} is written in topics built for a device' },
);

const Pattern = (description: string) =>
  Type.String({ minLength: 1, description: `${description}: a topic with one {id} or {mac} level` });

/** A `TopicProfileSpec`; `compileProfile` checks the patterns further (placeholders, overlaps). */
export const TopicProfileSpecSchema = Type.Object(
  {
    name: Type.String({ minLength: 1 }),
    telemetry: Pattern('Telemetry, e.g. site/{id}/telemetry'),
    command: Pattern('Commands to the device'),
    events: Type.Optional(Pattern('Events')),
    status: Type.Optional(Pattern('Status (retained; the last will)')),
    commandResponse: Type.Optional(Pattern('Command responses')),
    heartbeat: Type.Optional(Pattern('Heartbeats (a sign of life, any payload)')),
    deviceType: Type.Optional(RegistryDeviceTypeSchema),
    macFormat: Type.Optional(MacFormatSchema),
    mapping: Type.Optional(PayloadMappingSchema),
    liveness: Type.Optional(LivenessSpecSchema),
  },
  {
    additionalProperties: false,
    description: "A topic profile: a foreign topic convention mapped onto twinbench's",
  },
);
