import type { Condition, ConditionContext, Sample } from '../condition.ts';
import { requireMatchers, type Matcher } from '../matchers.ts';
import { metricValue } from '../prometheus.ts';

export interface MetricSpec {
  name: string;
  labels?: Record<string, string>;
  increase?: boolean;
  [matcher: string]: unknown;
}

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

  async begin(ctx: ConditionContext): Promise<void> {
    if (this.#spec.increase)
      this.#baseline = metricValue(await ctx.data.metrics(), this.#spec.name, this.#spec.labels) ?? 0;
  }

  async sample(ctx: ConditionContext): Promise<Sample> {
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
