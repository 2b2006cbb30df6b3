import type { ConditionSampleContext, DeviceRef } from './condition.ts';
import type { CommandDoc, DataSource, HistoryQuery, HistoryRows, Published, TwinDoc } from './data-source.ts';

/** A data source made of plain, mutable objects: what the platform would answer, for pure tests. */
export class FakeData implements DataSource {
  /** Twins as tests write them: only the parts a condition reads (cast to the wire type on the way out). */
  twins = new Map<string, Record<string, unknown>>();
  online = new Map<string, boolean>();
  historyRows = new Map<string, Map<string, HistoryRows>>();
  commands = new Map<string, Partial<CommandDoc> & { id: string; status: string }>();
  metricsText = '';
  healthStatus = 200;
  publishedBy: Record<string, Published> = {};
  /** Throws this from every call (the platform is down). */
  down: Error | undefined;
  queries: { deviceId: string; query: HistoryQuery }[] = [];

  #check() {
    if (this.down) throw this.down;
  }
  async twin(id: string) {
    this.#check();
    return this.twins.get(id) as TwinDoc | undefined;
  }
  async devices() {
    this.#check();
    return [...this.online].map(([id, online]) => ({ id, online }));
  }
  async history(deviceId: string, query: HistoryQuery) {
    this.#check();
    this.queries.push({ deviceId, query });
    return this.historyRows.get(deviceId)?.get(query.kind) ?? { columns: [], rows: [] };
  }
  setHistory(deviceId: string, kind: string, columns: string[], rows: unknown[][]) {
    const m = this.historyRows.get(deviceId) ?? new Map<string, HistoryRows>();
    m.set(kind, { columns, rows });
    this.historyRows.set(deviceId, m);
  }
  async command(id: string) {
    this.#check();
    return this.commands.get(id) as CommandDoc | undefined;
  }
  async metrics() {
    this.#check();
    return this.metricsText;
  }
  async health() {
    this.#check();
    return { status: this.healthStatus, body: { status: this.healthStatus === 200 ? 'ok' : 'degraded' } };
  }
  async published(fleet: string) {
    return this.publishedBy[fleet] ?? {};
  }
}

/** A condition context over FakeData: ids are prefixed with `p-`, fleets are given as lists. */
export function fakeContext(
  data: FakeData,
  o: { now?: () => number; fleets?: Record<string, string[]>; commands?: Record<string, string> } = {},
): ConditionSampleContext {
  const fleets = o.fleets ?? {};
  const device = (ref: DeviceRef) =>
    typeof ref === 'string' ? `p-${ref}` : (fleets[ref.fleet]?.[ref.n - 1] ?? `p-${ref.fleet}-${ref.n}`);
  return {
    data,
    device,
    devices: (sel) => (sel.fleet ? (fleets[sel.fleet] ?? []) : (sel.ids ?? []).map(device)),
    commandId: (ref) => o.commands?.[ref],
    fleetDevices: (f) => fleets[f] ?? [],
    now: o.now ?? (() => 1_000_000_000_000),
    startedAt: 1_000_000_000_000,
    sections: { has: () => false, get: () => undefined },
    signal: new AbortController().signal,
  };
}
