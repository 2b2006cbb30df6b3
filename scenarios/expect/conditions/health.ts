import type { Condition, ConditionContext, Sample } from '../condition.ts';

/** GET /health answers 200 (broker and InfluxDB reachable), or not with `ok: false`. */
export class HealthCondition implements Condition {
  readonly kind = 'health';
  readonly #want: boolean;

  constructor(spec: { ok?: boolean }) {
    this.#want = spec.ok ?? true;
  }

  describe(): string {
    return `the platform is ${this.#want ? 'healthy' : 'unhealthy'} (GET /health)`;
  }

  async sample(ctx: ConditionContext): Promise<Sample> {
    const { status, body } = await ctx.data.health();
    return {
      ok: (status === 200) === this.#want,
      actual: status,
      detail: JSON.stringify(body).slice(0, 200),
    };
  }
}
