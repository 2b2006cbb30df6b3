/** GET /devices/:id/history: raw points or downsampled buckets of a device's history. */
import { Type, type Static } from 'typebox';

export const HISTORY_KINDS = Object.freeze([
  'telemetry',
  'liveness',
  'shadow',
  'events',
  'commands',
] as const);
export type HistoryKind = (typeof HISTORY_KINDS)[number];

export const HistoryKindSchema = Type.Enum([...HISTORY_KINDS]);

export const HistoryQuerySchema = Type.Object({
  kind: Type.Optional(Type.Enum([...HISTORY_KINDS], { default: 'telemetry' })),
  from: Type.Optional(Type.String({ description: 'epoch ms, ISO time, or relative like -1h (default -1h)' })),
  to: Type.Optional(Type.String({ description: 'epoch ms, ISO time, or relative (default now)' })),
  fields: Type.Optional(Type.String({ description: 'comma-separated telemetry fields (default: all)' })),
  every: Type.Optional(
    Type.String({ pattern: '^[0-9]+(ms|s|m|h|d)$', description: 'downsample into buckets, e.g. 10s' }),
  ),
  agg: Type.Optional(
    Type.String({
      description: 'with every: comma-separated mean,min,max,last,count (default mean,min,max)',
    }),
  ),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100_000, default: 10_000 })),
});
export type HistoryQuery = Static<typeof HistoryQuerySchema>;

/** The answer: `columns` name each row's cells; the first column is `time` (epoch ms). */
export const HistoryAnswerSchema = Type.Object({
  deviceId: Type.String(),
  kind: HistoryKindSchema,
  from: Type.Number({ description: 'Epoch ms' }),
  to: Type.Number({ description: 'Epoch ms' }),
  every: Type.Optional(Type.String()),
  columns: Type.Array(Type.String()),
  rows: Type.Array(Type.Array(Type.Unknown())),
});
export type HistoryAnswer = Static<typeof HistoryAnswerSchema>;
