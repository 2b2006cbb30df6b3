// How long `startStack` takes to give a ready broker + database, per mode (median of several runs).
import { engineAvailable, findBinary, startStack, type ResolvedMode } from '../stack/index.ts';
import { fmt } from './stats.ts';

export async function runStackBench(runs = 5): Promise<void> {
  const modes: ResolvedMode[] = [];
  if (await engineAvailable()) modes.push('containers');
  if (findBinary('mosquitto') && findBinary('influxd')) modes.push('local');
  console.log(
    `stack up → ready (MQTT CONNECT accepted, InfluxDB /ping 204, database created), ${runs} runs each`,
  );
  for (const mode of modes) {
    const up: number[] = [];
    const down: number[] = [];
    for (let i = 0; i < runs; i++) {
      const t0 = performance.now();
      const stack = await startStack({ mode });
      up.push(performance.now() - t0);
      const t1 = performance.now();
      await stack.stop();
      down.push(performance.now() - t1);
    }
    console.log(
      `${mode.padEnd(11)} up median ${fmt(median(up))} ms (min ${fmt(Math.min(...up))}, max ${fmt(Math.max(...up))})   down median ${fmt(median(down))} ms`,
    );
  }
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? (s[m] as number) : ((s[m - 1] as number) + (s[m] as number)) / 2;
}
