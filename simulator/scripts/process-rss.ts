// Whole-process memory of the simulator process as `twinbench simulate` runs it (simulator/main.ts, or
// its bundle, with its environment), measured from outside: VmRSS from /proc/<pid>/status, what `ps -o rss` shows.
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import type { FleetSpec } from '../index.ts';
import { SIMULATOR_ENV } from '../process/bundle.ts';

/** VmRSS of a process, bytes (what `ps -o rss` shows, × 1024). */
export function rssOf(pid: number): number {
  const kb = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
  return Number(kb ?? 0) * 1024;
}

/** The fleet the scale figures use: a third each of breakers, environment sensors and cameras. */
export function scaleSpec(devices: number, rampUpPerSecond = 2000): FleetSpec {
  const third = Math.floor(devices / 3);
  return {
    name: 'scale',
    seed: 1,
    rampUpPerSecond,
    groups: [
      { type: 'smart_breaker', count: devices - 2 * third },
      { type: 'env_sensor', count: Math.max(third, devices > 1 ? third : 0) },
      { type: 'camera', count: third },
    ].filter((g) => g.count > 0),
  };
}

export interface ProcessFigures {
  devices: number;
  connected: number;
  errors: number;
  /** Real ms from the fleet's start to every device up (the ramp). */
  upMs: number;
  /** Real ms from spawning the process to every device up. */
  spawnToUpMs: number;
  rssBytes: number;
}

/**
 * Starts one simulator process (`node [execArgv] entry <config>`) with `spec`, waits until its devices
 * are up and `settleMs` more, reads its RSS from outside, then stops it (SIGTERM: clean disconnects).
 */
export async function measureSimulatorProcess(o: {
  entry: string;
  execArgv: string[];
  spec: FleetSpec;
  mqttUrl: string;
  settleMs?: number;
}): Promise<ProcessFigures> {
  const config = {
    mqttUrl: o.mqttUrl,
    fleet: { json: JSON.stringify(o.spec) },
    httpPort: 0,
    statsIntervalMs: 60_000,
  };
  const t0 = performance.now();
  const child = spawn(process.execPath, [...o.execArgv, o.entry, JSON.stringify(config)], {
    env: { ...SIMULATOR_ENV, ...process.env },
    stdio: ['ignore', 'pipe', 'ignore'],
  });
  try {
    for await (const line of createInterface({ input: child.stdout })) {
      if (!line.startsWith('{"event":"ready"')) continue;
      const spawnToUpMs = performance.now() - t0;
      const ready = JSON.parse(line) as Omit<ProcessFigures, 'spawnToUpMs' | 'rssBytes'>;
      await new Promise((r) => setTimeout(r, o.settleMs ?? 10_000));
      return { ...ready, spawnToUpMs, rssBytes: rssOf(child.pid ?? 0) };
    }
    throw new Error(`the simulator process exited before its devices were up (${o.entry})`);
  } finally {
    child.kill('SIGTERM');
    await new Promise((r) => child.once('exit', r));
  }
}
