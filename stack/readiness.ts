import mqtt from 'mqtt';

/** Polls `check` until it resolves truthy or the time is up; returns the last error for the message. */
export async function waitUntil(
  check: () => Promise<boolean>,
  opts: { timeoutMs: number; intervalMs?: number; abort?: () => Error | undefined },
): Promise<{ ok: true } | { ok: false; lastError?: unknown }> {
  const deadline = Date.now() + opts.timeoutMs;
  let lastError: unknown;
  while (Date.now() < deadline) {
    const aborted = opts.abort?.();
    if (aborted) return { ok: false, lastError: aborted };
    try {
      if (await check()) return { ok: true };
    } catch (err) {
      lastError = err;
    }
    await new Promise((r) => setTimeout(r, opts.intervalMs ?? 100));
  }
  return { ok: false, lastError };
}

/** True when an MQTT CONNECT to the broker is acknowledged. */
export async function mqttAnswers(
  url: string,
  auth: { username?: string; password?: string } = {},
): Promise<boolean> {
  const client = await mqtt.connectAsync(url, {
    ...auth,
    connectTimeout: 2_000,
    reconnectPeriod: 0,
    clientId: `twinbench-probe-${process.pid}-${Math.random().toString(16).slice(2, 8)}`,
  });
  await client.endAsync();
  return true;
}
