// What the scale bench asks the platform under test: /health, and /metrics' ingest counters.
import { log } from './scale-print.ts';

export interface ScaleHealth {
  devices: { registered: number; online: number };
  history: { queued: number; written: number; dropped: number };
}

/** Messages the platform has taken from its broker: direct telemetry, and gateways' batches. */
export interface Ingested {
  direct: number;
  batches: number;
}

export interface PlatformApi {
  get(url: string): Promise<Response>;
  health(): Promise<ScaleHealth>;
  ingested(): Promise<Ingested>;
}

export function platformApi(platform: { url: string; token: string | undefined }): PlatformApi {
  // The run's admin token (API tokens are on by default: docs/security.md).
  // Every request has a deadline: a saturated platform must not hang the bench.
  // A request that fails (a busy platform past the deadline) is tried twice more before the bench gives up.
  const get = async (url: string): Promise<Response> => {
    for (let attempt = 1; ; attempt++) {
      try {
        return await fetch(url, {
          headers: platform.token ? { authorization: `Bearer ${platform.token}` } : {},
          signal: AbortSignal.timeout(60_000),
        });
      } catch (err) {
        if (attempt >= 3) throw err;
        log(`${url}: ${(err as Error).message}; trying again`);
      }
    }
  };
  const health = async () => (await (await get(`${platform.url}/health`)).json()) as ScaleHealth;
  const ingested = async (): Promise<Ingested> => {
    const text = await (await get(`${platform.url}/metrics`)).text();
    const kind = (k: string) =>
      Number(new RegExp(`^twinbench_messages_in_total\\{kind="${k}"\\} (\\d+)`, 'm').exec(text)?.[1] ?? 0);
    return { direct: kind('telemetry'), batches: kind('child_telemetry') };
  };
  return { get, health, ingested };
}
