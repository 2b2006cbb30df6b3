import Type, { type Static } from 'typebox';
import { DeviceRef, Duration, Matcher as MatcherSchema } from '../../format/schema/common.ts';
import type { ConditionModule } from '../types.ts';
import { checkDevice } from '../refs.ts';
import { parseDuration } from '../../../twin/index.ts';
import { type Condition, type ConditionSampleContext, refText, type Sample } from '../../expect/condition.ts';
import { compileMatchers, deepEqual, type Matcher } from '../../expect/matchers.ts';

export const EventSchema = Type.Object(
  {
    device: DeviceRef,
    type: Type.String({ description: 'event type: trip, motion, reboot …' }),
    where: Type.Optional(
      Type.Record(Type.String(), Type.Unknown(), { description: 'details the event must have' }),
    ),
    window: Type.Optional(Duration),
    count: Type.Optional(MatcherSchema),
  },
  { additionalProperties: false, description: "events in the device's history (default: at least one)" },
);

export type EventSpec = Static<typeof EventSchema>;

const FAR_FUTURE_MS = 10 * 365 * 86_400_000;

/** Device events in history (kind=events): at least one by default, or a count. */
export class EventCondition implements Condition {
  readonly kind = 'event';
  readonly pollMs = 500;
  readonly #spec: EventSpec;
  readonly #count: Matcher;

  constructor(spec: EventSpec) {
    this.#spec = spec;
    this.#count = (spec.count ? compileMatchers(spec.count) : undefined) ?? {
      test: (n) => typeof n === 'number' && n >= 1,
      describe: () => '>= 1',
    };
  }

  describe(): string {
    const id = refText(this.#spec.device);
    const where = this.#spec.where ? ` with ${JSON.stringify(this.#spec.where)}` : '';
    return `number of '${this.#spec.type}' events${where} of ${id} ${this.#count.describe()}`;
  }

  async sample(ctx: ConditionSampleContext): Promise<Sample> {
    const id = ctx.device(this.#spec.device);
    let fromMs = ctx.startedAt - 60_000;
    if (this.#spec.window !== undefined) {
      const twin = await ctx.data.twin(id);
      fromMs = (twin?.telemetry?.ts ?? ctx.now()) - parseDuration(this.#spec.window);
    }
    const answer = await ctx.data.history(id, { kind: 'events', fromMs, toMs: ctx.now() + FAR_FUTURE_MS });
    const typeCol = answer.columns.indexOf('type');
    const dataCol = answer.columns.indexOf('data');
    const matching = answer.rows.filter((row) => {
      if (row[typeCol] !== this.#spec.type) return false;
      if (!this.#spec.where) return true;
      let data: Record<string, unknown> = {};
      try {
        data = JSON.parse(String(row[dataCol])) as Record<string, unknown>;
      } catch {
        return false;
      }
      return Object.entries(this.#spec.where).every(([k, v]) => deepEqual(data[k], v));
    });
    const types = [...new Set(answer.rows.map((r) => r[typeCol]))];
    return {
      ok: this.#count.test(matching.length),
      actual: matching.length,
      detail: `${answer.rows.length} event(s) in history${types.length ? ` (types: ${types.join(', ')})` : ''}`,
    };
  }
}

/** `event: { device, type, where?, window?, count? }` */
export const eventCondition: ConditionModule<EventSpec> = {
  key: 'event',
  schema: EventSchema,
  label: (spec) => new EventCondition(spec).describe(),
  compile(spec, ctx) {
    checkDevice(spec.device, ctx, '/device');
    if (spec.window !== undefined) ctx.durationMs(spec.window, '/window');
    return new EventCondition(spec);
  },
};
