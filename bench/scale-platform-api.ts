// What the scale bench asks the platform under test: /health, /metrics' ingest counters, and listings
// of its devices while the fleet publishes.
import { log } from './scale-print.ts';
import { Samples } from './stats.ts';

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

/** A listing's latency while the fleet publishes. */
export interface ListingFigure {
  label: string;
  p50: number;
  p99: number;
  n: number;
}

/**
 * Listing under load: pages of 1,000 walked with the cursor, and a filtered query.
 * At most 20 requests and 60 s each: a saturated platform took 3 minutes for these once.
 */
export async function listingUnderLoad(get: PlatformApi['get'], url: string): Promise<ListingFigure[]> {
  const listing: ListingFigure[] = [];
  for (const [label, first] of [
    ['GET /devices?limit=1000 (walking next)', 'limit=1000'],
    ['GET /devices?limit=1000&online=true&idPrefix=s1-', 'limit=1000&online=true&idPrefix=s1-'],
  ] as const) {
    const samples = new Samples();
    let query: string = first;
    const l0 = performance.now();
    let n = 0;
    for (; n < 20 && performance.now() - l0 < 60_000; n++) {
      const a = performance.now();
      const page = (await (await get(`${url}/devices?${query}`)).json()) as { next?: string };
      samples.add(performance.now() - a);
      query = page.next ? `${first}&cursor=${page.next}` : first;
    }
    const [p50, p99] = samples.percentiles([50, 99]);
    listing.push({ label, p50: p50 as number, p99: p99 as number, n });
  }
  return listing;
}
