/**
 * Loss accounting after a run: what the devices sent (the ledger the virtual users leave: per device the
 * last telemetry `seq`) against what the platform holds — the twin's latest `seq`, and the telemetry
 * points InfluxDB stored since the run began (one point per message: device timestamps never repeat).
 * Messages a device still had unacknowledged when it dropped never reached the broker and are counted
 * apart from loss; messages the platform refused (rejection notices) too.
 */
import { readFile } from 'node:fs/promises';
import { InfluxClient } from '../../runtime/index.ts';
import type { LedgerEntry } from '../engine/virtual-user.ts';

export interface LossOptions {
  ledgerPath: string;
  /** The platform's URL. */
  target: string;
  /** The platform's API token (docs/security.md). Default: none. */
  token?: string | undefined;
  /** InfluxDB behind the platform; without it only twins are compared. */
  influx?: { url: string; db: string; auth?: { username: string; password: string } } | undefined;
  /** Epoch ms the run began (points before it are not counted). */
  sinceMs: number;
  /** Rejection notices the run counted (artillery's `twinbench.messages.rejected`). Default 0. */
  rejected?: number;
  /** Longest wait for history to catch up, ms. Default 120 000. */
  settleMs?: number;
  /** History counts as settled when it has not grown for this long, ms. Default 5 000. */
  quietMs?: number;
  /** Twins fetched at once. Default 16. */
  concurrency?: number;
}

export interface LossReport {
  devices: number;
  /** Telemetry messages the devices sent. */
  sent: number;
  /** Of those, still unacknowledged by the broker when their device dropped (never reached it). */
  unackedAtDrop: number;
  /** Refused by the platform with a rejection notice. */
  rejected: number;
  twins: { upToDate: number; behind: number; missing: number; messagesBehind: number };
  influx?: { stored: number; lost: number; extra: number; devicesShort: string[] } | undefined;
  /** The platform's own count of history lines it dropped (GET /health), when it gives one. */
  historyDropped?: number | undefined;
  /** Messages the broker took but the platform does not hold: InfluxDB's count when known, else the twins'. */
  lost: number;
}

export async function readLedger(ledgerPath: string): Promise<LedgerEntry[]> {
  let text: string;
  try {
    text = await readFile(ledgerPath, 'utf8');
  } catch {
    return [];
  }
  const byId = new Map<string, LedgerEntry>();
  for (const line of text.split('\n')) {
    if (!line) continue;
    const e = JSON.parse(line) as LedgerEntry;
    byId.set(e.id, e);
  }
  return [...byId.values()];
}

async function twinSeqs(
  target: string,
  ids: string[],
  concurrency: number,
  headers: Record<string, string>,
): Promise<Map<string, number | undefined>> {
  const out = new Map<string, number | undefined>();
  let next = 0;
  const base = target.replace(/\/+$/, '');
  const worker = async () => {
    while (next < ids.length) {
      const id = ids[next++] as string;
      const res = await fetch(`${base}/devices/${encodeURIComponent(id)}`, { headers });
      if (!res.ok) {
        out.set(id, undefined);
        continue;
      }
      const twin = (await res.json()) as { telemetry?: { seq?: number } };
      out.set(id, twin.telemetry?.seq ?? 0);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return out;
}

/** The platform's history queue (GET /health), or undefined when it does not say. */
async function historyHealth(
  target: string,
  headers: Record<string, string>,
): Promise<{ queued: number; dropped: number } | undefined> {
  try {
    const res = await fetch(`${target.replace(/\/+$/, '')}/health`, { headers });
    const h = (await res.json()) as { history?: { queued?: number; dropped?: number } };
    return typeof h.history?.queued === 'number'
      ? { queued: h.history.queued, dropped: h.history.dropped ?? 0 }
      : undefined;
  } catch {
    return undefined;
  }
}

async function storedCounts(o: LossOptions, prefixes: string[]): Promise<Map<string, number>> {
  const influx = o.influx;
  const counts = new Map<string, number>();
  if (!influx) return counts;
  const client = new InfluxClient({
    url: influx.url,
    db: influx.db,
    ...(influx.auth ? { auth: influx.auth } : {}),
  });
  const re = prefixes.map((p) => p.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')).join('|');
  const series = await client.query(
    `SELECT count("_seq") FROM "telemetry" WHERE time >= ${Math.floor(o.sinceMs)}ms AND "device_id" =~ /^(${re})-/ GROUP BY "device_id"`,
  );
  for (const s of series) {
    const id = s.tags?.device_id;
    const n = Number(s.values[0]?.[1] ?? 0);
    if (id) counts.set(id, n);
  }
  return counts;
}

/** Device-id prefixes of a ledger (`ld-t1` of `ld-t1-env-00001`). */
function prefixesOf(entries: LedgerEntry[]): string[] {
  return [...new Set(entries.map((e) => e.id.replace(/-[a-z_]+-\d+$/, '')))];
}

export async function accountLoss(o: LossOptions): Promise<LossReport> {
  const entries = await readLedger(o.ledgerPath);
  const sent = entries.reduce((n, e) => n + e.sent, 0);
  const unacked = entries.reduce((n, e) => n + (e.unclean ? Math.min(e.unacked, e.sent) : 0), 0);
  const rejected = o.rejected ?? 0;
  const expected = sent - unacked - rejected;
  const prefixes = prefixesOf(entries);
  // History is written in batches, and a platform that fell behind is still ingesting and writing when
  // artillery ends: wait until InfluxDB holds what was sent, or the platform's history queue is empty
  // and the count has not grown for quietMs (or settleMs is over).
  const auth: Record<string, string> = o.token ? { authorization: `Bearer ${o.token}` } : {};
  const settleEnd = Date.now() + (o.settleMs ?? 120_000);
  const quietMs = o.quietMs ?? 5_000;
  let stored: Map<string, number>;
  let total = -1;
  let grewAt = Date.now();
  let health: Awaited<ReturnType<typeof historyHealth>>;
  for (;;) {
    stored = await storedCounts(o, prefixes);
    const now = [...stored.values()].reduce((a, b) => a + b, 0);
    if (now !== total) grewAt = Date.now();
    health = await historyHealth(o.target, auth);
    const drained = health === undefined || health.queued === 0;
    if (!o.influx || now >= expected || (drained && Date.now() - grewAt >= quietMs) || Date.now() > settleEnd)
      break;
    total = now;
    await new Promise((r) => setTimeout(r, 1_000));
  }
  const seqs = await twinSeqs(
    o.target,
    entries.map((e) => e.id),
    o.concurrency ?? 16,
    auth,
  );
  const twins = { upToDate: 0, behind: 0, missing: 0, messagesBehind: 0 };
  for (const e of entries) {
    const seq = seqs.get(e.id);
    if (seq === undefined) twins.missing++;
    else if (seq >= e.sent) twins.upToDate++;
    else {
      twins.behind++;
      twins.messagesBehind += e.sent - seq;
    }
  }
  let influx: LossReport['influx'];
  if (o.influx) {
    let storedTotal = 0;
    let extra = 0;
    const short: string[] = [];
    for (const e of entries) {
      const n = stored.get(e.id) ?? 0;
      storedTotal += Math.min(n, e.sent);
      extra += Math.max(0, n - e.sent);
      if (n < e.sent) short.push(e.id);
    }
    influx = {
      stored: storedTotal,
      lost: Math.max(0, expected - storedTotal),
      extra,
      devicesShort: short.slice(0, 20),
    };
  }
  return {
    devices: entries.length,
    sent,
    unackedAtDrop: unacked,
    rejected,
    twins,
    influx,
    historyDropped: health?.dropped,
    lost: influx ? influx.lost : Math.max(0, twins.messagesBehind - unacked - rejected),
  };
}

/** The loss block of the console summary. */
export function formatLoss(l: LossReport): string {
  const lines = [
    `loss      ${l.lost === 0 ? 'none' : `${l.lost} message(s) lost`} — ${l.sent} telemetry messages from ${l.devices} devices`,
    `  broker  ${l.sent - l.unackedAtDrop} reached it${l.unackedAtDrop ? ` (${l.unackedAtDrop} were unacknowledged when their device dropped)` : ''}`,
    `  refused ${l.rejected} (rejection notices)`,
    `  twins   ${l.twins.upToDate} up to date, ${l.twins.behind} behind (${l.twins.messagesBehind} messages), ${l.twins.missing} missing`,
  ];
  if (l.influx) {
    lines.push(
      `  influx  ${l.influx.stored} stored, ${l.influx.lost} lost${l.influx.devicesShort.length ? ` (short: ${l.influx.devicesShort.slice(0, 5).join(', ')}…)` : ''}`,
    );
  } else {
    lines.push('  influx  not checked (give --influx-url with --target)');
  }
  if (l.historyDropped)
    lines.push(`  platform says it dropped ${l.historyDropped} history line(s) (GET /health)`);
  return lines.join('\n');
}
