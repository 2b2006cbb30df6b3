/* eslint-disable no-restricted-imports -- the viewer's tests run in Node: they start a real stack, platform and fleet (docs/viewer.md) */
// A real stack (local mosquitto + influxd), the platform process and a simulator fleet, for the viewer's
// browser tests and benchmark; the viewer bundle is built first.
import { startFleet, type Fleet, type FleetSpec } from '../../simulator/index.ts';
import {
  startPlatformProcess,
  startStack,
  type StartedPlatform,
  type StartedStack,
} from '../../stack/index.ts';
import { buildViewer } from '../index.ts';

export interface ViewerStack extends AsyncDisposable {
  stack: StartedStack;
  platform: StartedPlatform;
  fleet: Fleet | undefined;
  api<T = unknown>(
    path: string,
    init?: { method?: string; body?: unknown },
  ): Promise<{ status: number; body: T }>;
  close(): Promise<void>;
}

export async function startViewerStack(
  spec: FleetSpec | undefined,
  platformConfig: Record<string, unknown> = {},
): Promise<ViewerStack> {
  await buildViewer({ minify: false });
  const stack = await startStack({
    mode: (process.env.TWINBENCH_TEST_STACK as 'local' | undefined) ?? 'local',
  });
  let platform: StartedPlatform | undefined;
  let fleet: Fleet | undefined;
  const close = async () => {
    await fleet?.stop();
    await platform?.stop();
    await stack.stop();
  };
  try {
    platform = await startPlatformProcess(stack.info, { config: { logLevel: 'warn', ...platformConfig } });
    if (spec)
      fleet = await startFleet(spec, {
        mqttUrl: stack.mqttUrl,
        reconnectBackoff: { initialMs: 200, maxMs: 1000 },
      });
  } catch (e) {
    await close();
    throw e;
  }
  const url = platform.url;
  return {
    stack,
    platform,
    fleet,
    async api(path, init = {}) {
      const headers: Record<string, string> = {};
      if (platform?.token) headers.authorization = `Bearer ${platform.token}`;
      if (init.body !== undefined) headers['content-type'] = 'application/json';
      const res = await fetch(`${url}${path}`, {
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
