import {
  type Condition,
  type ConditionContext,
  type DeviceRef,
  getPath,
  refText,
  type Sample,
} from '../condition.ts';
import { requireMatchers, type Matcher } from '../matchers.ts';

export interface TwinSpec {
  device: DeviceRef;
  field?: string;
  reported?: string;
  desired?: string;
  path?: string;
  [matcher: string]: unknown;
}

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

  async sample(ctx: ConditionContext): Promise<Sample> {
    const id = ctx.device(this.#spec.device);
    const twin = await ctx.data.twin(id);
    if (!twin) return { ok: false, actual: undefined, detail: `the platform has no twin ${id} (404)` };
    const actual = getPath(twin, this.#path);
    return { ok: this.#matcher.test(actual), actual };
  }
}
