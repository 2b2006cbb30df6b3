// The scale bench's figures as it prints them at the end (stdout): shape, topology, bring-up, liveness,
// backlog and drain, readings counted four ways and per device, the verdict, memory and CPU per process.
import type { WorkerFleet } from '../simulator/index.ts';
import { influxCacheSnapshotSize } from '../stack/index.ts';
import { KINDS, type KindCount, type Kind } from './scale-counting.ts';
import type { Ingested, ListingFigure, ScaleHealth } from './scale-platform-api.ts';
import type { Proc } from './scale-processes.ts';
import type { ScaleBenchOptions } from './scale-options.ts';
import { MB } from './scale-print.ts';
import { fmt } from './stats.ts';

/** Everything the run measured, as the report needs it. */
export interface ScaleRun {
  twins: number;
  edgeCount: number;
  windowS: number;
  /** 1-minute load averages: before the run, then every 10 s of it. */
  loads: number[];
  connectedMs: number;
  upText: string;
  atEnd: ScaleHealth;
  offline: string;
  backlogs: { atS: number; messages: number }[];
  caughtUp: boolean;
  drainS: number;
  historyDrained: boolean;
  /** Health and the platform's ingest counters once drained. */
  h: ScaleHealth;
  ingested: Ingested;
  central: { direct: number; batches: number; childReadings: number };
  published: number;
  per: Record<Kind, KindCount>;
  countFailed: string;
  baseline: WorkerFleet;
  cpu: (Proc & { cpuPct: number })[];
  rss: Map<number, number>;
  peak: Map<number, number>;
  platformRss: number;
  platformFixed: number;
  listing: ListingFigure[];
}

export function printScaleReport(o: ScaleBenchOptions, r: ScaleRun): void {
  const { twins, windowS, loads, connectedMs, upText, atEnd, offline, backlogs, caughtUp, drainS } = r;
  const { historyDrained, h, ingested, central, published, per, countFailed, baseline } = r;
  const { cpu, rss, peak, platformRss, platformFixed, listing } = r;
  const stored = KINDS.reduce((n, k) => n + per[k].points, 0);
  const gaps = KINDS.reduce((n, k) => n + per[k].gaps + per[k].headMissing, 0);
  const atCentral = central.direct + central.childReadings;
  const expected = { gateway: o.gateways, child: o.gateways * o.children, direct: o.direct + 1 };

  const print = (m: string) => console.log(m);
  // What the stack gave influxd (the bench's override, if any, is in the environment by now).
  const snapshot = influxCacheSnapshotSize();
  if (countFailed) print(`\nInfluxDB could not be counted: ${countFailed}`);
  print(
    `\nscale bench: ${o.gateways > 0 ? `${fmt(o.gateways)} gateways × ${fmt(o.children)} env_sensor children + ` : 'no gateways, '}${fmt(o.direct)} direct ${o.directType} ` +
      `(+1 baseline) = ${fmt(twins)} twins; one reading per device every ${o.intervalMs / 1000} s, measured for ${fmt(windowS)} s`,
  );
  print(
    `topology: ${fmt(o.gateways + o.direct + 1)} MQTT connections over ${r.edgeCount} edge Mosquitto brokers bridged into one central broker; ` +
      `gateways batch their children's readings (window ${fmt(o.batchWindowMs)} ms, at most ${o.maxBatch} a batch); ` +
      `influxd cache-snapshot-memory-size ${/^\d+$/.test(snapshot) ? `${fmt(Number(snapshot) / MB)} MB` : snapshot}`,
  );
  print(
    `machine: 2 cores shared with other work; load average (1 min) before ${fmt(loads[0] ?? NaN, 1)}, during the run ${fmt(Math.min(...loads), 1)}–${fmt(Math.max(...loads), 1)}`,
  );
  print(`bring-up: all connections up in ${fmt(connectedMs / 1000, 1)} s; ${upText}`);
  print(
    `at the end of the measured run: ${fmt(atEnd.devices.registered)} twins registered, ${fmt(atEnd.devices.online)} online`,
  );
  print(`offline transitions during the measured run (history's liveness points): ${offline}`);
  const worst = backlogs.reduce((a, b) => (b.messages > a.messages ? b : a), { atS: 0, messages: 0 });
  print(
    `backlog: messages received by the central broker and not yet taken by the platform, sampled every 10 s: ` +
      `largest ${fmt(worst.messages)} (${fmt(worst.atS)} s into the run), last ${fmt(backlogs.at(-1)?.messages ?? 0)}`,
  );
  print(
    (caughtUp
      ? `drain: the platform had taken every message the central broker received ${fmt(drainS, 1)} s after the fleet stopped`
      : `drain: FELL BEHIND: ${fmt(drainS)} s after the fleet stopped the platform had taken ${fmt(ingested.direct + ingested.batches)} of the ${fmt(central.direct + central.batches)} messages the central broker received`) +
      (historyDrained ? '' : `; history still had ${fmt(h.history.queued)} lines queued`) +
      '\n' +
      `readings: simulators made ${fmt(published)} (direct, gateways' own and children's readings); ` +
      `the central broker saw ${fmt(atCentral)} (${fmt(central.direct)} direct messages, ${fmt(central.childReadings)} child readings in ${fmt(central.batches)} batches); ` +
      `the platform ingested ${fmt(ingested.direct)} direct messages and ${fmt(ingested.batches)} batches; InfluxDB holds ${fmt(stored)} points; history dropped ${fmt(h.history.dropped)}`,
  );
  for (const k of KINDS)
    print(
      `  ${k.padEnd(7)}: ${fmt(per[k].devices)} of ${fmt(expected[k])} devices in InfluxDB, ${fmt(per[k].points)} points ` +
        `(fewest per device ${fmt(per[k].fewest === Infinity ? 0 : per[k].fewest)}), sequence gaps ${fmt(per[k].gaps)}, first readings missing ${fmt(per[k].headMissing)}`,
    );
  const allPresent = KINDS.every((k) => per[k].devices === expected[k]);
  const pipelineClean = atCentral === stored && gaps === 0 && allPresent && h.history.dropped === 0;
  const behind = !caughtUp || !historyDrained;
  print(
    `verdict: ${behind ? `FELL BEHIND (not a loss count: what is not stored was still queued when counting; ${fmt(atCentral - stored)} readings at the central broker not in InfluxDB)` : published === stored && pipelineClean ? 'ZERO LOSS (made = at the central broker = stored, no gaps, every device present)' : pipelineClean ? `zero loss from the central broker to InfluxDB (${fmt(stored)} = ${fmt(atCentral)}, no gaps, every device present); ${fmt(published - atCentral)} readings made by the simulators never left them (see docs/scale.md: made but still in a gateway's batch or on the radio when the fleet stopped)` : 'LOSS'}`,
  );
  const baseRss = baseline.workers.reduce((n, w) => n + (rss.get(w.pid) ?? 0), 0);
  const gwProcs = cpu.filter((p) => p.children !== undefined);
  const directProcs = cpu.filter((p) => p.children === undefined && p.connections !== undefined);
  const sum = (ps: Proc[], f: (p: Proc) => number) => ps.reduce((n, p) => n + f(p), 0);
  const gwRss = sum(gwProcs, (p) => rss.get(p.pid) ?? 0);
  const children = sum(gwProcs, (p) => p.children ?? 0);
  const gwConns = sum(gwProcs, (p) => p.connections ?? 0);
  const dRss = sum(directProcs, (p) => rss.get(p.pid) ?? 0);
  const dConns = sum(directProcs, (p) => p.connections ?? 0);
  print(
    `platform memory (whole process RSS): ${fmt(platformRss / MB, 1)} MB with ${fmt(atEnd.devices.registered)} twins = ${fmt(platformRss / twins / 1024, 2)} KiB per twin; ` +
      `marginal (RSS − ${fmt(platformFixed / MB, 1)} MB before the first device) ${fmt((platformRss - platformFixed) / twins / 1024, 2)} KiB per twin`,
  );
  print(`simulator baseline: a simulator process with one device: ${fmt(baseRss / MB, 1)} MB RSS`);
  if (gwProcs.length > 0)
    print(
      `simulator memory, gateways with children (whole process RSS): ${fmt(gwRss / MB, 1)} MB in ${gwProcs.length} processes for ${fmt(children)} children behind ${fmt(gwConns)} gateway connections = ` +
        `${fmt(gwRss / children / 1024, 2)} KiB per child (gateways included); marginal (RSS − baseline per process) ${fmt((gwRss - baseRss * gwProcs.length) / children / 1024, 2)} KiB per child`,
    );
  if (directProcs.length > 0)
    print(
      `simulator memory, direct devices (whole process RSS): ${fmt(dRss / MB, 1)} MB in ${directProcs.length} processes for ${fmt(dConns)} connected devices = ` +
        `${fmt(dRss / dConns / 1024, 2)} KiB per connected device; marginal (RSS − baseline per process) ${fmt((dRss - baseRss * directProcs.length) / dConns / 1024, 2)} KiB per connected device`,
    );
  for (const l of listing)
    print(`${l.label}: p50 ${fmt(l.p50, 1)} ms, p99 ${fmt(l.p99, 1)} ms (${l.n} requests, fleet publishing)`);
  print(
    '\nprocess                             pid      RSS MB   peak MB   CPU % of one core (measured run); RSS = whole process',
  );
  for (const p of cpu) {
    print(
      `${p.name.padEnd(32)} ${String(p.pid).padStart(7)} ${fmt((rss.get(p.pid) ?? 0) / MB, 1).padStart(9)} ${fmt((peak.get(p.pid) ?? 0) / MB, 1).padStart(9)}   ${fmt(p.cpuPct, 1).padStart(6)}`,
    );
  }
}
