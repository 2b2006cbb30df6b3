import { vi } from 'vitest';
// Test helpers: a real stack and the real platform process, spoken to over HTTP only (never imported).
import {
  startPlatformProcess,
  startStack,
  type StartedPlatform,
  type StartedStack,
} from '../../stack/index.ts';

/** Retries `fn` until it stops throwing (vitest's waitFor), then returns its value. */
export const eventually = <T>(fn: () => T | Promise<T>, timeoutMs = 10000, intervalMs = 100): Promise<T> =>
  vi.waitFor(fn, { timeout: timeoutMs, interval: intervalMs });

export interface TestPlatform extends AsyncDisposable {
  stack: StartedStack;
  platform: StartedPlatform;
  mqttUrl: string;
  /** JSON over the platform's REST API. */
  api<T = unknown>(
    path: string,
    init?: { method?: string; body?: unknown },
  ): Promise<{ status: number; body: T }>;
  close(): Promise<void>;
}

/** A local stack (mosquitto + influxd processes) and the platform on it. */
export async function startTestPlatform(config: Record<string, unknown> = {}): Promise<TestPlatform> {
  const stack = await startStack({
    mode: (process.env.TWINBENCH_TEST_STACK as 'local' | undefined) ?? 'local',
  });
  const platform = await startPlatformProcess(stack.info, { config: { logLevel: 'warn', ...config } }).catch(
    async (err: unknown) => {
      await stack.stop();
      throw err;
    },
  );
  const close = async () => {
    await platform.stop();
    await stack.stop();
  };
  return {
    stack,
    platform,
    mqttUrl: stack.mqttUrl,
    async api(path, init = {}) {
      const headers: Record<string, string> = {};
      if (platform.token) headers.authorization = `Bearer ${platform.token}`;
      if (init.body !== undefined) headers['content-type'] = 'application/json';
      const res = await fetch(`${platform.url}${path}`, {
        method: init.method ?? 'GET',
        headers,
        ...(init.body !== undefined ? { body: JSON.stringify(init.body) } : {}),
      });
      const text = await res.text();
      return { status: res.status, body: (text ? JSON.parse(text) : undefined) as never };
    },
    close,
    [Symbol.asyncDispose]: close,
  };
}

/** What GET /devices/:id answers (the parts the tests read). */
export interface TwinView {
  device: {
    id: string;
    type: string;
    name?: string;
    tags?: Record<string, string>;
    location?: Record<string, unknown>;
    fwVersion?: string;
  };
  online: boolean;
  telemetry?: { ts: number; seq?: number; fields: Record<string, unknown> };
  shadow?: {
    state: {
      desired?: Record<string, unknown>;
      reported?: Record<string, unknown>;
      delta?: Record<string, unknown>;
    };
    version: number;
  };
}
