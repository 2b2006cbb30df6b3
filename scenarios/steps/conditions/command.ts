import Type, { type Static } from 'typebox';
import { CommandLifecycleStatusSchema } from '../../../twin/index.ts';
import { Matcher as MatcherSchema, Name } from '../../format/schema/common.ts';
import type { ConditionModule } from '../types.ts';
import type { Condition, ConditionSampleContext, Sample } from '../../expect/condition.ts';
import { compileMatchers, type Matcher } from '../../expect/matchers.ts';

const COMMAND_STATUS = CommandLifecycleStatusSchema;

export const CommandSchema = Type.Object(
  {
    ref: Name,
    status: Type.Optional(Type.Union([COMMAND_STATUS, Type.Array(COMMAND_STATUS, { minItems: 1 })])),
    latency_ms: Type.Optional(MatcherSchema),
  },
  { additionalProperties: false, description: 'a command sent by send_command … as: <ref>' },
);

export type CommandSpec = Static<typeof CommandSchema>;

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

  async sample(ctx: ConditionSampleContext): Promise<Sample> {
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

/** `command: { ref, status?, latency_ms? }` */
export const commandCondition: ConditionModule<CommandSpec> = {
  key: 'command',
  schema: CommandSchema,
  label: (spec) => new CommandCondition(spec).describe(),
  compile(spec, ctx) {
    if (!ctx.defined('command', spec.ref))
      ctx.badReference(`no earlier 'send_command … as: ${spec.ref}'`, '/ref');
    if (spec.status === undefined && spec.latency_ms === undefined)
      ctx.error('say what to expect: status and/or latency_ms');
    return new CommandCondition(spec);
  },
};
