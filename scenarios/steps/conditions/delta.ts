import Type, { type Static } from 'typebox';
import { DeviceRef, MATCHER_KEYS, MatcherProps } from '../../format/schema/common.ts';
import type { ConditionModule } from '../types.ts';
import { checkDevice } from '../refs.ts';
import { type Condition, type ConditionSampleContext, refText, type Sample } from '../../expect/condition.ts';
import { compileMatchers, type Matcher } from '../../expect/matchers.ts';

export const DeltaSchema = Type.Object(
  {
    device: DeviceRef,
    key: Type.Optional(Type.String({ description: 'one key of the delta; default the whole delta' })),
    empty: Type.Optional(Type.Boolean({ description: 'true: no delta at all (desired is applied)' })),
    ...MatcherProps,
  },
  { additionalProperties: false, description: "a device's shadow delta (desired not yet reported)" },
);

export type DeltaSpec = Static<typeof DeltaSchema>;

const isEmpty = (d: unknown) =>
  d === undefined || d === null || (typeof d === 'object' && Object.keys(d).length === 0);

/** The shadow delta (desired the device has not reported yet): empty, or a key compared. */
export class DeltaCondition implements Condition {
  readonly kind = 'delta';
  readonly #spec: DeltaSpec;
  readonly #matcher: Matcher | undefined;

  constructor(spec: DeltaSpec) {
    this.#spec = spec;
    this.#matcher = compileMatchers(spec);
    if (!this.#matcher && spec.empty === undefined) throw new Error('delta needs empty or a matcher');
  }

  describe(): string {
    const id = refText(this.#spec.device);
    const what = this.#spec.key ? `delta.${this.#spec.key}` : 'delta';
    const parts = [
      ...(this.#spec.empty !== undefined ? [this.#spec.empty ? 'is empty' : 'is not empty'] : []),
      ...(this.#matcher ? [this.#matcher.describe()] : []),
    ];
    return `twin ${id} ${what} ${parts.join(' and ')}`;
  }

  async sample(ctx: ConditionSampleContext): Promise<Sample> {
    const id = ctx.device(this.#spec.device);
    const twin = await ctx.data.twin(id);
    if (!twin) return { ok: false, actual: undefined, detail: `the platform has no twin ${id} (404)` };
    const delta = twin.shadow?.state.delta;
    const actual = this.#spec.key ? (delta as Record<string, unknown> | undefined)?.[this.#spec.key] : delta;
    let ok = true;
    if (this.#spec.empty !== undefined) ok &&= isEmpty(actual) === this.#spec.empty;
    if (this.#matcher) ok &&= this.#matcher.test(actual);
    return { ok, actual: actual ?? {} };
  }
}

/** `delta: { device, key?, empty?, <matchers> }` */
export const deltaCondition: ConditionModule<DeltaSpec> = {
  key: 'delta',
  schema: DeltaSchema,
  label: (spec) =>
    `twin ${typeof spec.device === 'string' ? spec.device : `${spec.device.fleet}#${spec.device.n}`} delta`,
  compile(spec, ctx) {
    checkDevice(spec.device, ctx, '/device');
    if (
      spec.empty === undefined &&
      !MATCHER_KEYS.some((m) => (spec as Record<string, unknown>)[m] !== undefined)
    ) {
      ctx.error(`say what to expect: empty, or ${MATCHER_KEYS.join(', ')}`);
      return new DeltaCondition({ ...spec, empty: true });
    }
    return new DeltaCondition(spec);
  },
};
