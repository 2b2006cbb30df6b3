// What the platform bench reads from its processes (bench/proc.ts), the platform (/metrics) and InfluxDB,
// and its small waiting helpers.
import { execFileSync } from 'node:child_process';
import type { InfluxClient } from '../stack/index.ts';
import { cpuSeconds, waitFor as pollUntil } from './proc.ts';

export const log = (m: string) => console.error(`[bench] ${m}`);

/** A stack service's host process: its pid, or a container's main process (docker inspect). */
export function servicePid(info: { kind: string; id: string }): number {
  if (info.kind === 'process') return Number(info.id);
  if (info.kind !== 'container') return Number.NaN;
  try {
    return Number(execFileSync('docker', ['inspect', '-f', '{{.State.Pid}}', info.id], { encoding: 'utf8' }));
  } catch {
    return Number.NaN;
  }
}

/** CPU time (user + system) a process has used, in ms (NaN when it cannot be read: a pid not known). */
export const processCpuMs = (pid: number): number => cpuSeconds(pid, Number.NaN) * 1000;

/** A metric without labels from the platform's /metrics (NaN when absent). */
export async function metricValue(apiUrl: string, token: string | undefined, name: string): Promise<number> {
  const text = await (await fetch(`${apiUrl}/metrics`, { headers: bearer(token) })).text();
  const line = text.split('\n').find((l) => l.startsWith(`${name} `));
  return Number(line?.split(' ')[1] ?? Number.NaN);
}

export const influxWrites = (apiUrl: string, token: string | undefined) =>
  metricValue(apiUrl, token, 'twinbench_history_batch_lines_count');

/**
 * Waits (at most a minute) until the platform has nothing queued for InfluxDB and took no message in
 * the last 300 ms; returns how long that took.
 */
export async function untilIdle(apiUrl: string, token: string | undefined): Promise<number> {
  const started = performance.now();
  const read = async () => {
    const text = await (await fetch(`${apiUrl}/metrics`, { headers: bearer(token) })).text();
    let queued = 0;
    let taken = 0;
    for (const line of text.split('\n')) {
      if (line.startsWith('twinbench_history_queue_lines ')) queued = Number(line.split(' ')[1]);
      else if (line.startsWith('twinbench_messages_in_total{')) taken += Number(line.split(' ')[1]);
    }
    return { queued, taken };
  };
  let last = await read();
  while (performance.now() - started < 60_000) {
    await sleep(300);
    const now = await read();
    if (now.queued === 0 && now.taken === last.taken) break;
    last = now;
  }
  return performance.now() - started;
}

/** Points of messages published since `sinceMs` (not a previous phase's backlog stored after it). */
export async function countPoints(influx: InfluxClient, sinceMs: number): Promise<number> {
  const s = await influx.query(
    `SELECT count(_seq) FROM telemetry WHERE time >= ${sinceMs}ms AND _sent >= ${sinceMs}`,
  );
  return Number(s[0]?.values[0]?.[1] ?? 0);
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Polls `check` every 100 ms until it gives a value (at most `timeoutMs`). */
export const waitFor = <T>(check: () => Promise<T | false>, timeoutMs: number): Promise<T> =>
  pollUntil(check, timeoutMs, 100);

/** The Authorization header of the platform's API token (docs/security.md); none with auth off. */
export function bearer(token: string | undefined): Record<string, string> {
  return token ? { authorization: `Bearer ${token}` } : {};
}
