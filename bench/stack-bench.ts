// How long `startStack` takes to give a ready broker + database, per mode (median of several runs).
import { execFileSync } from 'node:child_process';
import {
  APP_IMAGES,
  engineAvailable,
  findBinary,
  startPlatform,
  startStack,
  type PlatformRunner,
  type ResolvedMode,
} from '../stack/index.ts';
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
  await platformStartup(runs);
}

/** Time to a platform that answers (its ready line), as a process vs as a container, on one stack. */
async function platformStartup(runs: number): Promise<void> {
  const runners: PlatformRunner[] = ['process'];
  if ((await engineAvailable()) && imageSize(APP_IMAGES.platform) > 0) runners.push('container');
  else console.log(`(no ${APP_IMAGES.platform} image: run npm run images:local for the container figures)`);
  await using stack = await startStack({ mode: (await engineAvailable()) ? 'containers' : 'local' });
  console.log(`platform start → ready (twins restored, MQTT subscribed, HTTP answering), ${runs} runs each`);
  for (const as of runners) {
    const up: number[] = [];
    for (let i = 0; i < runs; i++) {
      const t0 = performance.now();
      const platform = await startPlatform(stack.info, { as, config: { logLevel: 'warn' } });
      up.push(performance.now() - t0);
      await platform.stop();
    }
    console.log(
      `platform as ${as.padEnd(9)} median ${fmt(median(up))} ms (min ${fmt(Math.min(...up))}, max ${fmt(Math.max(...up))})`,
    );
  }
  const sizes = [
    'twinbench/mosquitto:2.0',
    'twinbench/influxdb:1.6',
    'twinbench/node:24',
    APP_IMAGES.platform,
    APP_IMAGES.simulator,
  ];
  for (const image of sizes) {
    const bytes = imageSize(image);
    if (bytes > 0) console.log(`image ${image.padEnd(28)} ${fmt(bytes / 1e6)} MB`);
  }
}

function imageSize(image: string): number {
  try {
    return Number(
      execFileSync('docker', ['image', 'inspect', '-f', '{{.Size}}', image], {
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'ignore'],
      }),
    );
  } catch {
    return 0;
  }
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? (s[m] as number) : ((s[m - 1] as number) + (s[m] as number)) / 2;
}
