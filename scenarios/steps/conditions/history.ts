import Type, { type Static } from 'typebox';
import { DeviceRef, Duration, MATCHER_KEYS, MatcherProps } from '../../format/schema/common.ts';
import type { ConditionModule } from '../types.ts';
import { checkDevice } from '../refs.ts';
import { parseDuration } from '../../../twin/index.ts';
import {
  type Condition,
  type ConditionSampleContext,
  refText,
  type Sample,
  type SeriesPoint,
} from '../../expect/condition.ts';
import { requireMatchers, type Matcher } from '../../expect/matchers.ts';

export const HistorySchema = Type.Object(
  {
    device: DeviceRef,
    field: Type.String(),
    agg: Type.Union(
      [
        Type.Literal('mean'),
        Type.Literal('min'),
        Type.Literal('max'),
        Type.Literal('count'),
        Type.Literal('first'),
        Type.Literal('last'),
        Type.Literal('sum'),
        Type.Literal('spread'),
      ],
      { description: 'mean, min, max, count, first, last, sum or spread' },
    ),
    window: Type.Optional(Duration),
    ...MatcherProps,
  },
  {
    additionalProperties: false,
    description: "an aggregate of a telemetry field over a window ending at the device's latest telemetry",
  },
);

export type HistorySpec = Static<typeof HistorySchema>;
export type Aggregate = HistorySpec['agg'];

export function aggregate(values: number[], agg: Aggregate): number | undefined {
  if (agg === 'count') return values.length;
  if (values.length === 0) return undefined;
  switch (agg) {
    case 'mean':
      return values.reduce((a, b) => a + b, 0) / values.length;
    case 'sum':
      return values.reduce((a, b) => a + b, 0);
    case 'min':
      return Math.min(...values);
    case 'max':
      return Math.max(...values);
    case 'first':
      return values[0];
    case 'last':
      return values[values.length - 1];
    case 'spread':
      return Math.max(...values) - Math.min(...values);
  }
}

/**
 * An aggregate of a telemetry field over a window ending at the device's latest telemetry (so it works
 * on virtual time too): `history: {device, field: current_a, agg: max, window: 30s, gt: 40}`.
 */
export class HistoryCondition implements Condition {
  readonly kind = 'history';
  readonly pollMs = 1_000;
  readonly #spec: HistorySpec;
  readonly #windowMs: number;
  readonly #matcher: Matcher;

  constructor(spec: HistorySpec) {
    this.#spec = spec;
    this.#windowMs = parseDuration(spec.window ?? '1m');
    this.#matcher = requireMatchers(spec);
  }

  describe(): string {
    const id = refText(this.#spec.device);
    return `${this.#spec.agg} of ${id} ${this.#spec.field} over the last ${String(this.#spec.window ?? '1m')} ${this.#matcher.describe()}`;
  }

  async sample(ctx: ConditionSampleContext): Promise<Sample> {
    const id = ctx.device(this.#spec.device);
    const twin = await ctx.data.twin(id);
    const toMs = twin?.telemetry?.ts ?? ctx.now();
    const fromMs = toMs - this.#windowMs;
    const answer = await ctx.data.history(id, {
      kind: 'telemetry',
      fromMs,
      toMs,
      fields: [this.#spec.field],
    });
    const t = answer.columns.indexOf('time');
    const f = answer.columns.indexOf(this.#spec.field);
    const series: SeriesPoint[] = [];
    const values: number[] = [];
    for (const row of answer.rows) {
      const v = row[f];
      if (typeof v !== 'number') continue;
      values.push(v);
      series.push([Number(row[t]), v]);
    }
    const actual = aggregate(values, this.#spec.agg);
    return {
      ok: actual !== undefined && this.#matcher.test(actual),
      actual,
      detail: `${values.length} point(s) from ${new Date(fromMs).toISOString()} to ${new Date(toMs).toISOString()}`,
      series,
    };
  }
}

/** `history: { device, field, agg, window?, <matchers> }` */
export const historyCondition: ConditionModule<HistorySpec> = {
  key: 'history',
  schema: HistorySchema,
  label: (spec) => `${spec.agg} of ${spec.field}`,
  compile(spec, ctx) {
    checkDevice(spec.device, ctx, '/device');
    if (spec.window !== undefined) ctx.durationMs(spec.window, '/window');
    if (!MATCHER_KEYS.some((m) => (spec as Record<string, unknown>)[m] !== undefined)) {
      ctx.error(`say what to expect: ${MATCHER_KEYS.join(', ')}`);
      return new HistoryCondition({ ...spec, exists: true });
    }
    return new HistoryCondition(spec);
  },
};
