// The processes the scale bench measures (CPU over the run, RSS), named as its table prints them, with
// what each simulator process holds.
import type { WorkerFleet } from '../simulator/index.ts';
import type { Edge } from './scale-edges.ts';
import type { ScaleBenchOptions } from './scale-options.ts';

/** A process measured over the run: simulator processes say what they hold. */
export interface Proc {
  name: string;
  pid: number;
  children?: number;
  connections?: number;
}

export function measuredProcesses(
  o: ScaleBenchOptions,
  platformPid: number,
  edges: readonly Edge[],
  baseline: WorkerFleet,
  stackPids: readonly { name: string; pid: number }[],
): Proc[] {
  const sharesOf = (
    f: WorkerFleet | undefined,
    label: string,
    perWorker: (k: number) => Omit<Proc, 'name' | 'pid'>,
  ) => (f?.workers ?? []).map((w) => ({ name: `${label}.${w.index}`, pid: w.pid, ...perWorker(w.index) }));
  // Gateways are dealt round robin over a fleet's workers (simulator/workers/share.ts), children go
  // with theirs; WorkerInfo.devices counts only `groups`, so the gateway fleets' shares are worked out here.
  const dealt = (total: number, k: number) => Math.max(0, Math.ceil((total - k) / o.workersPerBroker));
  return [
    { name: 'platform', pid: platformPid },
    ...edges.flatMap((e) => [
      ...sharesOf(e.gatewayFleet, `sim ${e.prefix} gateways`, (k) => ({
        connections: dealt(e.gateways, k),
        children: dealt(e.gateways, k) * o.children,
      })),
      ...sharesOf(e.directFleet, `sim ${e.prefix} direct`, (k) => ({ connections: dealt(e.direct, k) })),
    ]),
    ...baseline.workers.map((w) => ({ name: 'sim baseline (1 device)', pid: w.pid })),
    ...edges.map((e) => ({ name: `mosquitto edge ${e.prefix}`, pid: e.process.pid ?? -1 })),
    ...stackPids,
  ];
}
