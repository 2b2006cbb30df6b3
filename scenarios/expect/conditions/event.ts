import { parseDuration, type DurationInput } from '../../engine/duration.ts';
import { type Condition, type ConditionContext, type DeviceRef, refText, type Sample } from '../condition.ts';
import { compileMatchers, deepEqual, type Matcher } from '../matchers.ts';

export interface EventSpec {
  device: DeviceRef;
  type: string;
  where?: Record<string, unknown>;
  window?: DurationInput;
  count?: Record<string, unknown>;
}

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

  async sample(ctx: ConditionContext): Promise<Sample> {
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
