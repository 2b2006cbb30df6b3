import { type Condition, type ConditionContext, type DeviceRef, refText, type Sample } from '../condition.ts';
import { compileMatchers, type Matcher } from '../matchers.ts';

export interface DeltaSpec {
  device: DeviceRef;
  key?: string;
  empty?: boolean;
  [matcher: string]: unknown;
}

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

  async sample(ctx: ConditionContext): Promise<Sample> {
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
