import Type, { type Static } from 'typebox';
import { DeviceRef, MATCHER_KEYS, MatcherProps } from '../../format/schema/common.ts';
import type { ConditionModule } from '../types.ts';
import { checkDevice } from '../refs.ts';
import {
  type Condition,
  type ConditionSampleContext,
  getPath,
  refText,
  type Sample,
} from '../../expect/condition.ts';
import { requireMatchers, type Matcher } from '../../expect/matchers.ts';

export const TwinSchema = Type.Object(
  {
    device: DeviceRef,
    field: Type.Optional(Type.String({ description: 'a telemetry field (telemetry.fields.<field>)' })),
    reported: Type.Optional(Type.String({ description: 'shadow.state.reported.<key>' })),
    desired: Type.Optional(Type.String({ description: 'shadow.state.desired.<key>' })),
    path: Type.Optional(Type.String({ description: 'any dotted path in GET /devices/:id' })),
    ...MatcherProps,
  },
  { additionalProperties: false, description: "a value of a device's twin" },
);

export type TwinSpec = Static<typeof TwinSchema>;

/** A value in GET /devices/:id: a telemetry field, a reported or desired key, or any path. */
export class TwinCondition implements Condition {
  readonly kind = 'twin';
  readonly #spec: TwinSpec;
  readonly #path: string;
  readonly #matcher: Matcher;

  constructor(spec: TwinSpec) {
    this.#spec = spec;
    this.#path =
      spec.path ??
      (spec.field !== undefined
        ? `telemetry.fields.${spec.field}`
        : spec.reported !== undefined
          ? `shadow.state.reported.${spec.reported}`
          : `shadow.state.desired.${String(spec.desired)}`);
    this.#matcher = requireMatchers(spec);
  }

  describe(): string {
    const s = this.#spec;
    const what =
      s.field ??
      (s.reported !== undefined
        ? `reported.${s.reported}`
        : s.desired !== undefined
          ? `desired.${s.desired}`
          : s.path);
    return `twin ${refText(s.device)} ${what} ${this.#matcher.describe()}`;
  }

  async sample(ctx: ConditionSampleContext): Promise<Sample> {
    const id = ctx.device(this.#spec.device);
    const twin = await ctx.data.twin(id);
    if (!twin) return { ok: false, actual: undefined, detail: `the platform has no twin ${id} (404)` };
    const actual = getPath(twin, this.#path);
    return { ok: this.#matcher.test(actual), actual };
  }
}

/** `twin: { device, field | reported | desired | path, <matchers> }` */
export const twinCondition: ConditionModule<TwinSpec> = {
  key: 'twin',
  schema: TwinSchema,
  label: (spec) => new TwinCondition(spec).describe(),
  compile(spec, ctx) {
    checkDevice(spec.device, ctx, '/device');
    const which = (['field', 'reported', 'desired', 'path'] as const).filter((k) => spec[k] !== undefined);
    if (which.length !== 1)
      ctx.error(
        `twin needs exactly one of field, reported, desired, path (got ${which.join(', ') || 'none'})`,
      );
    if (!MATCHER_KEYS.some((m) => (spec as Record<string, unknown>)[m] !== undefined)) {
      ctx.error(`say what to expect: ${MATCHER_KEYS.join(', ')}`);
      return new TwinCondition({ ...spec, exists: true });
    }
    return new TwinCondition(spec);
  },
};
