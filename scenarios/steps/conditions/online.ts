import Type, { type Static } from 'typebox';
import { DeviceRef, Matcher as MatcherSchema, Selector } from '../../format/schema/common.ts';
import type { ConditionModule } from '../types.ts';
import { checkDevice, checkSelector } from '../refs.ts';
import {
  type Condition,
  type ConditionSampleContext,
  refText,
  type Sample,
  selectorText,
} from '../../expect/condition.ts';
import { compileMatchers, type Matcher } from '../../expect/matchers.ts';

export const OnlineSchema = Type.Object(
  {
    device: Type.Optional(DeviceRef),
    devices: Type.Optional(Selector),
    equals: Type.Optional(Type.Boolean({ description: 'default true' })),
    count: Type.Optional(MatcherSchema),
  },
  {
    additionalProperties: false,
    description: 'liveness of a device or of every selected device (or how many, with count)',
  },
);

export type OnlineSpec = Static<typeof OnlineSchema>;

/** Liveness: one device online (or offline), every selected device, or how many of them. */
export class OnlineCondition implements Condition {
  readonly kind = 'online';
  readonly #spec: OnlineSpec;
  readonly #want: boolean;
  readonly #count: Matcher | undefined;

  constructor(spec: OnlineSpec) {
    this.#spec = spec;
    this.#want = spec.equals ?? true;
    this.#count = spec.count ? compileMatchers(spec.count) : undefined;
  }

  #ids(ctx: ConditionSampleContext): string[] {
    return this.#spec.device !== undefined
      ? [ctx.device(this.#spec.device)]
      : ctx.devices(this.#spec.devices ?? {});
  }

  describe(): string {
    const state = this.#want ? 'online' : 'offline';
    if (this.#spec.device !== undefined) return `${refText(this.#spec.device)} is ${state}`;
    const which = selectorText(this.#spec.devices ?? {});
    return this.#count
      ? `the number of ${state} devices of ${which} ${this.#count.describe()}`
      : `every device of ${which} is ${state}`;
  }

  async sample(ctx: ConditionSampleContext): Promise<Sample> {
    const ids = this.#ids(ctx);
    const list = await ctx.data.devices();
    const online = new Map(list.map((d) => [d.id, d.online]));
    const matching = ids.filter((id) => (online.get(id) ?? false) === this.#want);
    const others = ids.filter((id) => !matching.includes(id));
    const unknown = others.filter((id) => !online.has(id));
    const detail =
      others.length > 0
        ? `not ${this.#want ? 'online' : 'offline'}: ${others.slice(0, 5).join(', ')}${others.length > 5 ? ` and ${others.length - 5} more` : ''}${unknown.length ? ` (${unknown.length} unknown to the platform)` : ''}`
        : undefined;
    if (this.#spec.device !== undefined) {
      const id = ids[0] as string;
      return {
        ok: matching.length === 1,
        actual: online.has(id) ? online.get(id) : undefined,
        ...(unknown.length ? { detail: `the platform does not know ${id}` } : {}),
      };
    }
    const ok = this.#count ? this.#count.test(matching.length) : ids.length > 0 && others.length === 0;
    return {
      ok,
      actual: matching.length,
      detail: `${matching.length}/${ids.length}${detail ? `; ${detail}` : ''}`,
    };
  }
}

/** `online: { device | devices, equals?, count? }` */
export const onlineCondition: ConditionModule<OnlineSpec> = {
  key: 'online',
  schema: OnlineSchema,
  label: (spec) => new OnlineCondition(spec).describe(),
  compile(spec, ctx) {
    if ((spec.device === undefined) === (spec.devices === undefined))
      ctx.badReference("online needs either 'device' or 'devices'");
    checkDevice(spec.device, ctx, '/device');
    checkSelector(spec.devices, ctx, '/devices');
    return new OnlineCondition(spec);
  },
};
