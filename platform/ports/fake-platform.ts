import type { FastifyInstance } from 'fastify';
import { buildApp } from '../app.ts';
import type { PlatformOptions } from '../options.ts';
import { FakeHistoryPort } from './fake-history-port.ts';
import { FakeMqttPort } from './fake-mqtt-port.ts';

/** A platform on fake ports, for unit tests: a manual clock, `app.inject()`, `mqtt.deliver()`, `history.lines`. */
export interface FakePlatform extends AsyncDisposable {
  app: FastifyInstance;
  mqtt: FakeMqttPort;
  history: FakeHistoryPort;
  clock: { t: number };
  /** `app.inject` with JSON in and out. */
  api<T = unknown>(method: string, url: string, body?: unknown): Promise<{ status: number; body: T }>;
  close(): Promise<void>;
}

export async function fakePlatform(options: Partial<PlatformOptions> = {}): Promise<FakePlatform> {
  const clock = { t: Date.UTC(2026, 0, 1) };
  const mqtt = new FakeMqttPort();
  const history = new FakeHistoryPort();
  const app = await buildApp(
    {
      mqtt: { url: 'mqtt://fake.invalid' },
      influx: { url: 'http://fake.invalid', db: 'unit' },
      logLevel: 'silent',
      now: () => clock.t,
      ...options,
    },
    { mqtt, history },
  );
  const close = () => app.close();
  return {
    app,
    mqtt,
    history,
    clock,
    async api(method, url, body) {
      const res = await app.inject({
        method: method as 'GET',
        url,
        ...(body !== undefined ? { payload: body as object } : {}),
      });
      return { status: res.statusCode, body: (res.body ? JSON.parse(res.body) : undefined) as never };
    },
    close,
    [Symbol.asyncDispose]: close,
  };
}
