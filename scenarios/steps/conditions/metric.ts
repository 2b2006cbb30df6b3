import Type, { type Static } from 'typebox';
import { MATCHER_KEYS, MatcherProps } from '../../format/schema/common.ts';
import type { ConditionModule } from '../types.ts';
import type { Condition, ConditionSampleContext, Sample } from '../../expect/condition.ts';
import { requireMatchers, type Matcher } from '../../expect/matchers.ts';
import { metricValue } from '../../expect/prometheus.ts';

export const MetricSchema = Type.Object(
  {
    name: Type.String({ pattern: '^[a-zA-Z_:][a-zA-Z0-9_:]*$' }),
    labels: Type.Optional(Type.Record(Type.String(), Type.String())),
    increase: Type.Optional(
      Type.Boolean({ description: 'compare the increase since the expectation began' }),
    ),
    ...MatcherProps,
  },
  { additionalProperties: false, description: 'a platform metric from GET /metrics (summed over series)' },
);

export type MetricSpec = Static<typeof MetricSchema>;

/** A platform metric (GET /metrics), summed over the matching series; or its increase since the start. */
export class MetricCondition implements Condition {
  readonly kind = 'metric';
  readonly pollMs = 500;
  readonly #spec: MetricSpec;
  readonly #matcher: Matcher;
  #baseline = 0;

  constructor(spec: MetricSpec) {
    this.#spec = spec;
    this.#matcher = requireMatchers(spec);
  }

  describe(): string {
    const labels = this.#spec.labels
      ? `{${Object.entries(this.#spec.labels)
          .map(([k, v]) => `${k}="${v}"`)
          .join(',')}}`
      : '';
    return `${this.#spec.increase ? 'increase of ' : ''}${this.#spec.name}${labels} ${this.#matcher.describe()}`;
  }

  async begin(ctx: ConditionSampleContext): Promise<void> {
    if (this.#spec.increase)
      this.#baseline = metricValue(await ctx.data.metrics(), this.#spec.name, this.#spec.labels) ?? 0;
  }

  async sample(ctx: ConditionSampleContext): Promise<Sample> {
    const value = metricValue(await ctx.data.metrics(), this.#spec.name, this.#spec.labels);
    if (value === undefined)
      return {
        ok: this.#matcher.test(0) && this.#spec.increase === true,
        actual: undefined,
        detail: 'no such series (yet)',
      };
    const actual = this.#spec.increase ? value - this.#baseline : value;
    return { ok: this.#matcher.test(actual), actual };
  }
}

/** `metric: { name, labels?, increase?, <matchers> }` */
export const metricCondition: ConditionModule<MetricSpec> = {
  key: 'metric',
  schema: MetricSchema,
  label: (spec) => `metric ${spec.name}`,
  compile(spec, ctx) {
    if (!MATCHER_KEYS.some((m) => (spec as Record<string, unknown>)[m] !== undefined)) {
      ctx.error(`say what to expect: ${MATCHER_KEYS.join(', ')}`);
      return new MetricCondition({ ...spec, exists: true });
    }
    return new MetricCondition(spec);
  },
};
