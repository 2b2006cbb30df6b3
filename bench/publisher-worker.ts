// A load generator in a worker thread of its own, so the bench can add publishers (CPU) until the
// broker, not the generator, is the limit. Driven by messages from bench/platform-bench.ts.
import { parentPort, workerData } from 'node:worker_threads';
import { LoadGenerator } from './load.ts';

export interface PublisherWorkerData {
  url: string;
  connections: number;
  prefix: string;
  /** The devices this worker publishes for (its share; sequences are per device). */
  devices: string[];
}

/** `telemetry`: the platform's topics with seq and sent; `raw`: bench/raw/… for a plain subscriber. */
export interface DriveRequest {
  kind: 'telemetry' | 'raw';
  rate: number;
  seconds: number;
}

export interface DriveResult {
  sent: number;
  ms: number;
}

const data = workerData as PublisherWorkerData;
const load = await LoadGenerator.connect(data.url, data.connections, data.prefix);
const seqs = new Map<string, number>();
const telemetry = (i: number) => {
  const id = data.devices[i % data.devices.length] as string;
  const seq = (seqs.get(id) ?? 0) + 1;
  seqs.set(id, seq);
  return {
    topic: `tb/v1/${id}/telemetry`,
    payload: `{"seq":${seq},"sent":${Date.now()},"fields":{"temperature":${(20 + (i % 50) / 10).toFixed(1)},"humidity":41.5,"pressure":1013.2}}`,
  };
};
const rawPayload = `{"seq":1,"sent":${Date.now()},"fields":{"temperature":21.5,"humidity":41.5,"pressure":1013.2}}`;
const raw = (i: number) => ({ topic: `bench/raw/${data.prefix}/${i % 64}`, payload: rawPayload });

parentPort?.on('message', (req: DriveRequest | 'close') => {
  if (req === 'close') {
    void load.close().then(() => parentPort?.postMessage('closed'));
    return;
  }
  void load
    .drive(req.rate, req.seconds, req.kind === 'raw' ? raw : telemetry, 1)
    .then((r: DriveResult) => parentPort?.postMessage(r));
});
parentPort?.postMessage('ready');
