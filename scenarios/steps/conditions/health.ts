import Type, { type Static } from 'typebox';
import type { ConditionModule } from '../types.ts';
import type { Condition, ConditionSampleContext, Sample } from '../../expect/condition.ts';

export const HealthSchema = Type.Object(
  { ok: Type.Optional(Type.Boolean({ description: 'default true' })) },
  { additionalProperties: false, description: 'GET /health answers 200 (broker and InfluxDB reachable)' },
);

export type HealthSpec = Static<typeof HealthSchema>;

/** GET /health answers 200 (broker and InfluxDB reachable), or not with `ok: false`. */
export class HealthCondition implements Condition {
  readonly kind = 'health';
  readonly #want: boolean;

  constructor(spec: HealthSpec) {
    this.#want = spec.ok ?? true;
  }

  describe(): string {
    return `the platform is ${this.#want ? 'healthy' : 'unhealthy'} (GET /health)`;
  }

  async sample(ctx: ConditionSampleContext): Promise<Sample> {
    const { status, body } = await ctx.data.health();
    return {
      ok: (status === 200) === this.#want,
      actual: status,
      detail: JSON.stringify(body).slice(0, 200),
    };
  }
}

/** `health: { ok? }` */
export const healthCondition: ConditionModule<HealthSpec> = {
  key: 'health',
  schema: HealthSchema,
  label: (spec) => new HealthCondition(spec).describe(),
  compile: (spec) => new HealthCondition(spec),
};
