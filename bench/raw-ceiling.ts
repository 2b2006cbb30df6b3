// The raw broker → subscriber ceiling the platform bench's saturation phase is measured against.
import mqtt, { type MqttClient } from 'mqtt';
import { pubacks } from '../runtime/index.ts';
import { log, processCpuMs, waitFor } from './platform-probes.ts';
import type { PlatformBenchOptions } from './platform-bench.ts';
import { machineTicks } from './proc.ts';
import type { PublisherPool } from './publisher-pool.ts';
import { fmt } from './stats.ts';

/** Handed to MQTT.js's handleMessage callback: it then skips its PUBACK (the raw subscriber sends them). */
const ACK_SENT_BY_BENCH = new Error('acknowledged by the bench');

export interface RawCeiling {
  rate: number;
  publishers: number;
  /** `cpuUs`: CPU µs per message received of the broker and of the bench process (publishers, subscriber). */
  steps: { publishers: number; offered: number; rate: number; cpuUs: number }[];
  /** CPU µs per message of the step that gave the ceiling. */
  cpuUs: number;
}

/**
 * The raw broker → subscriber rate: a plain MQTT.js subscriber (the platform's session settings: MQTT
 * 5, QoS 1, Receive Maximum 65 535) counts what it gets while 1, 2, … publisher workers each offer
 * `rawRate`; workers are added until the rate rises by less than 5 %. Every worker is then dealt its
 * share of the devices for the saturation phase.
 */
export async function rawCeiling(
  url: string,
  pool: PublisherPool,
  o: Pick<PlatformBenchOptions, 'maxPublishers' | 'rawRate' | 'rawSeconds'>,
  brokerPid: number,
): Promise<RawCeiling> {
  const sub: MqttClient = await mqtt.connectAsync(url, {
    clientId: 'bench-raw-sub',
    log: () => undefined,
    protocolVersion: 5,
    reconnectPeriod: 0,
    properties: { receiveMaximum: 65_535 },
  });
  let got = 0;
  let lastAt = 0;
  // PUBACKs of one event-loop turn in one buffer, as the platform sends its own (MQTT.js's own PUBACKs,
  // a few chunks each, piled up past a million chunks while the broker was slow to read them, and the
  // socket's writev failed with EINVAL: the "0 msg/s" step).
  let owed: number[] = [];
  const sendAcks = () => {
    const ids = owed;
    owed = [];
    if (sub.connected) sub.stream.write(pubacks(ids));
  };
  sub.handleMessage = (packet, done) => {
    got++;
    lastAt = performance.now();
    if (packet.qos === 1 && packet.messageId !== undefined) {
      if (owed.length === 0) setImmediate(sendAcks);
      owed.push(packet.messageId);
    }
    done(ACK_SENT_BY_BENCH);
  };
  let lost: Error | undefined;
  sub.on('error', (err) => (lost = err));
  sub.on('close', () => (lost ??= new Error('connection closed')));
  await sub.subscribeAsync('bench/raw/#', { qos: 1 });
  const steps: RawCeiling['steps'] = [];
  let best = { rate: 0, publishers: 0, cpuUs: Number.NaN };
  for (let n = 1; n <= o.maxPublishers; n++) {
    await pool.resize(n);
    const offered = o.rawRate * n;
    log(`raw broker: ${n} publisher worker(s) offering ${fmt(offered)} msg/s for ${o.rawSeconds} s`);
    const before = got;
    const machine0 = machineTicks();
    const broker0 = processCpuMs(brokerPid);
    const bench0 = process.cpuUsage();
    const t0 = performance.now();
    const drove = await pool.drive('raw', offered, o.rawSeconds);
    // End to end: everything published, over the time until the subscriber had the last of it.
    await waitFor(async () => got - before >= drove.sent || lost !== undefined, 30_000).catch(
      () => undefined,
    );
    const received = got - before;
    if (lost) {
      // A figure from a dead subscriber would be a wrong ceiling: stop at the last good step.
      log(`  the raw subscriber lost its connection (${lost.message}); ceiling from the steps before`);
      break;
    }
    const rate = (received / Math.max(drove.ms, lastAt - t0)) * 1000;
    const bench = process.cpuUsage(bench0);
    const cpuUs =
      ((processCpuMs(brokerPid) - broker0) * 1000 + bench.user + bench.system) / Math.max(1, received);
    steps.push({ publishers: n, offered, rate, cpuUs });
    const machine = machineTicks();
    const busy = (100 * (machine.busy - machine0.busy)) / (machine.total - machine0.total);
    log(
      `  ${fmt(rate)} msg/s (${fmt(received)} of ${fmt(drove.sent)} received), machine ${fmt(busy)} % busy, ` +
        `CPU ${fmt(cpuUs, 1)} µs/msg (broker + bench)`,
    );
    if (rate > best.rate * 1.05) best = { rate, publishers: n, cpuUs };
    else break;
  }
  await sub.endAsync();
  // The pool for the saturation phase: as many workers as gave the ceiling.
  if (pool.size !== best.publishers) await pool.resize(best.publishers);
  return { ...best, steps };
}
