import Type, { type Static } from 'typebox';
import { FAULT_KINDS, faultSchema, type Fault } from '../../../simulator/index.ts';
import { formatDuration } from '../../../twin/index.ts';
import { SCENARIOS_ERROR_CODES, ScenarioError } from '../../errors.ts';
import { selectorText } from '../../expect/condition.ts';
import { Duration, Name, Selector } from '../../format/schema/common.ts';
import { checkSelector, short } from '../refs.ts';
import type { ActionModule, ActionRunContext } from '../types.ts';

/** A simulator fault: the simulator's own schema for each kind (docs/simulator-contract.md). */
export const FaultSchema = Type.Union(
  FAULT_KINDS.map((kind) => faultSchema(kind)),
  { description: `a simulator fault: {kind: ${FAULT_KINDS.join(' | ')}, …}` },
);

export const InjectSchema = Type.Object(
  {
    fault: FaultSchema,
    fleet: Type.Optional(Name),
    select: Type.Optional(Selector),
    as: Type.Optional(Name),
    clear_after: Type.Optional(Duration),
  },
  { additionalProperties: false, description: 'inject a simulator fault into selected devices' },
);

export type InjectSpec = Static<typeof InjectSchema>;
/** The value the schema checked: the simulator's fault (its schema is the simulator's own). */
type FaultDoc = Fault & Record<string, unknown>;

/** The fleet an inject targets: given, the selector's, the one holding the ids, or the only one. */
function fleetFor(spec: InjectSpec, ctx: ActionRunContext): string {
  if (spec.fleet) return spec.fleet;
  if (spec.select?.fleet) return spec.select.fleet;
  const names = ctx.fleets.names();
  if (spec.select?.ids) {
    const ids = spec.select.ids.map((id) => ctx.device(id));
    const holder = names.find((f) => ids.every((id) => ctx.fleets.deviceIds(f).includes(id)));
    if (holder) return holder;
  }
  if (names.length === 1) return names[0] as string;
  throw new ScenarioError(
    SCENARIOS_ERROR_CODES.BAD_REFERENCE,
    `cannot tell which fleet gets the fault; add 'fleet:' (fleets: ${names.join(', ')})`,
  );
}

/** `inject: { fault, fleet?, select?, as?, clear_after? }`: a simulator fault on selected devices. */
export const injectAction: ActionModule<InjectSpec> = {
  key: 'inject',
  schema: InjectSchema,
  label(spec) {
    const { kind, ...args } = spec.fault as FaultDoc;
    const where = spec.select ? selectorText(spec.select) : `fleet ${spec.fleet ?? '(the only one)'}`;
    return `inject ${kind}${Object.keys(args).length ? ` ${short(args)}` : ''} on ${where}`;
  },
  compile(spec, ctx) {
    ctx.fleet(spec.fleet, '/fleet');
    checkSelector(spec.select, ctx, '/select');
    if (
      spec.fleet === undefined &&
      ctx.fleets.length !== 1 &&
      spec.select?.fleet === undefined &&
      spec.select?.ids === undefined
    )
      ctx.badReference(
        `say which fleet gets the fault: 'fleet:' (fleets: ${ctx.fleets.join(', ') || 'none defined'})`,
      );
    if (spec.as !== undefined) ctx.define('fault', spec.as, '/as');
    const clearAfterMs =
      spec.clear_after !== undefined ? ctx.durationMs(spec.clear_after, '/clear_after') : undefined;
    const fault = spec.fault as FaultDoc;
    return {
      async run(run) {
        const fleet = fleetFor(spec, run);
        const select = spec.select
          ? {
              ...spec.select,
              ...(spec.select.ids ? { ids: spec.select.ids.map((id) => run.device(id)) } : {}),
            }
          : undefined;
        const handle = await run.fleets.inject(fleet, fault, select);
        if (spec.as) run.faults.set(spec.as, handle);
        const { kind, ...args } = fault;
        const n = handle.devices.length;
        let text = `${kind}${Object.keys(args).length ? ` ${JSON.stringify(args)}` : ''} on ${n} device(s) of ${fleet}${n <= 3 ? ` (${handle.devices.join(', ')})` : ''}`;
        if (clearAfterMs !== undefined) {
          text += `, cleared after ${formatDuration(clearAfterMs)}`;
          run.background(
            run.clock.sleep(clearAfterMs, run.signal).then(async () => {
              await handle.clear();
              run.log.add({
                t: run.clock.now(),
                source: 'action',
                text: `fault ${kind} cleared on ${fleet}`,
              });
            }),
          );
        }
        return text;
      },
    };
  },
};
