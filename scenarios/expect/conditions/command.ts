import type { Condition, ConditionContext, Sample } from '../condition.ts';
import { compileMatchers, type Matcher } from '../matchers.ts';

export interface CommandSpec {
  ref: string;
  status?: string | string[];
  latency_ms?: Record<string, unknown>;
}

/** A command sent with `send_command … as: ref`: its status and latency (GET /commands/:id). */
export class CommandCondition implements Condition {
  readonly kind = 'command';
  readonly #spec: CommandSpec;
  readonly #statuses: string[] | undefined;
  readonly #latency: Matcher | undefined;

  constructor(spec: CommandSpec) {
    this.#spec = spec;
    this.#statuses = spec.status === undefined ? undefined : [spec.status].flat();
    this.#latency = spec.latency_ms ? compileMatchers(spec.latency_ms) : undefined;
  }

  describe(): string {
    const parts = [
      ...(this.#statuses ? [`status ${this.#statuses.join(' or ')}`] : []),
      ...(this.#latency ? [`latency ms ${this.#latency.describe()}`] : []),
    ];
    return `command ${this.#spec.ref}: ${parts.join(' and ')}`;
  }

  async sample(ctx: ConditionContext): Promise<Sample> {
    const id = ctx.commandId(this.#spec.ref);
    if (!id) return { ok: false, actual: undefined, detail: `command ${this.#spec.ref} was not sent` };
    const c = await ctx.data.command(id);
    if (!c)
      return { ok: false, actual: undefined, detail: `the platform does not track command ${id} (404)` };
    let ok = true;
    if (this.#statuses) ok &&= this.#statuses.includes(c.status);
    if (this.#latency) ok &&= this.#latency.test(c.latencyMs);
    return {
      ok,
      actual: { status: c.status, ...(c.latencyMs !== undefined ? { latencyMs: c.latencyMs } : {}) },
      ...(c.error ? { detail: `error: ${c.error}` } : {}),
    };
  }
}
