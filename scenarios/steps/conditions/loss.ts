import Type, { type Static } from 'typebox';
import { Name } from '../../format/schema/common.ts';
import type { ConditionModule } from '../types.ts';
import type { Condition, ConditionSampleContext, Sample } from '../../expect/condition.ts';

export const LossSchema = Type.Object(
  {
    fleet: Name,
    max: Type.Optional(Type.Integer({ minimum: 0, description: 'messages lost at most; default 0' })),
  },
  {
    additionalProperties: false,
    description: "telemetry a fleet published that is missing from the platform's history",
  },
);

export type LossSpec = Static<typeof LossSchema>;

const FAR_FUTURE_MS = 10 * 365 * 86_400_000;
/** Epoch ms the platform's history API reads as a time (anything above 1e11). */
const EPOCH_START = 100_000_000_000;
const CONCURRENCY = 8;

/** The first missing seq numbers (devices count from 1), e.g. "1, 14-16". */
function missingSeqs(have: Set<number>, sent: number | undefined): string {
  const top = sent ?? Math.max(0, ...have);
  const out: string[] = [];
  for (let i = 1; i <= top && out.length < 5; i++) {
    if (have.has(i)) continue;
    let j = i;
    while (j + 1 <= top && !have.has(j + 1)) j++;
    out.push(i === j ? String(i) : `${i}-${j}`);
    i = j;
  }
  return out.join(', ');
}

/**
 * Telemetry a fleet published that is not in the platform's history: per device, the distinct `seq`
 * values stored against what the simulator says it published (or, without that, the gaps in `seq`).
 */
export class LossCondition implements Condition {
  readonly kind = 'loss';
  readonly pollMs = 2_000;
  readonly #spec: LossSpec;
  readonly #max: number;

  constructor(spec: LossSpec) {
    this.#spec = spec;
    this.#max = spec.max ?? 0;
  }

  describe(): string {
    return `telemetry of fleet ${this.#spec.fleet} lost on the way to history <= ${this.#max}`;
  }

  async sample(ctx: ConditionSampleContext): Promise<Sample> {
    const ids = ctx.fleetDevices(this.#spec.fleet);
    const published = await ctx.data.published(this.#spec.fleet);
    const received = new Map<string, { distinct: number; gaps: number; seqs: Set<number> }>();
    const queue = [...ids];
    const worker = async () => {
      for (let id = queue.shift(); id !== undefined; id = queue.shift()) {
        const answer = await ctx.data.history(id, {
          kind: 'telemetry',
          fromMs: EPOCH_START,
          toMs: ctx.now() + FAR_FUTURE_MS,
          fields: ['_seq'],
        });
        const col = answer.columns.indexOf('_seq');
        const seqs = new Set(
          answer.rows.map((r) => r[col]).filter((v): v is number => typeof v === 'number'),
        );
        const list = [...seqs];
        const gaps = list.length ? Math.max(...list) - Math.min(...list) + 1 - list.length : 0;
        received.set(id, { distinct: seqs.size, gaps, seqs });
      }
    };
    await Promise.all(Array.from({ length: Math.min(CONCURRENCY, ids.length) }, worker));
    let lost = 0;
    let stored = 0;
    const worst: [string, number, string][] = [];
    for (const id of ids) {
      const r = received.get(id) ?? { distinct: 0, gaps: 0, seqs: new Set<number>() };
      stored += r.distinct;
      const sent = published.perDevice?.[id];
      const missing = sent !== undefined ? Math.max(0, sent - r.distinct) : r.gaps;
      lost += missing;
      if (missing > 0) worst.push([id, missing, missingSeqs(r.seqs, sent)]);
    }
    if (!published.perDevice && published.total !== undefined)
      lost = Math.max(lost, published.total - stored);
    worst.sort((a, b) => b[1] - a[1]);
    const sent = published.perDevice
      ? Object.values(published.perDevice).reduce((a, b) => a + b, 0)
      : published.total;
    return {
      ok: lost <= this.#max && ids.length > 0,
      actual: lost,
      detail:
        `${ids.length} device(s); published ${sent ?? 'unknown'}, in history ${stored}` +
        (worst.length
          ? `; missing most: ${worst
              .slice(0, 5)
              .map(([id, n, which]) => `${id} (${n}${which ? `: seq ${which}` : ''})`)
              .join(', ')}`
          : ''),
    };
  }
}

/** `loss: { fleet, max? }` */
export const lossCondition: ConditionModule<LossSpec> = {
  key: 'loss',
  schema: LossSchema,
  label: (spec) => new LossCondition(spec).describe(),
  compile(spec, ctx) {
    ctx.fleet(spec.fleet, '/fleet');
    return new LossCondition(spec);
  },
};
