// The set-up every load integration test shares: a scratch folder, a stack and a platform process,
// started before the file's tests and stopped after them.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import {
  startPlatformProcess,
  startStack,
  type PlatformProcessOptions,
  type StackOptions,
  type StartedPlatform,
  type StartedStack,
} from '../../stack/index.ts';

export interface LoadTestStack {
  readonly stack: StartedStack;
  readonly platform: StartedPlatform;
  /** The scratch folder (removed afterwards). */
  readonly out: string;
}

export interface LoadTestStackOptions {
  /** Stack options given the scratch folder (default: local binaries, or TWINBENCH_TEST_STACK). */
  stack?: (out: string) => StackOptions;
  platform?: PlatformProcessOptions['config'];
}

/** What `runLoadTest` needs to reach the started platform, broker and database. */
export function loadTarget(t: LoadTestStack) {
  return {
    target: t.platform.url,
    token: t.platform.token,
    mqttUrl: t.stack.info.mqttUrl,
    influx: t.stack.info.influx,
  };
}

/** Registers beforeAll/afterAll; the returned object's fields are there once the tests run. */
export function useLoadStack(name: string, o: LoadTestStackOptions = {}): LoadTestStack {
  const state = {} as { stack: StartedStack; platform: StartedPlatform; out: string };
  beforeAll(async () => {
    state.out = await mkdtemp(path.join(tmpdir(), `twinbench-${name}-`));
    state.stack = await startStack(
      o.stack?.(state.out) ?? {
        mode: (process.env.TWINBENCH_TEST_STACK as 'local' | undefined) ?? 'local',
      },
    );
    state.platform = await startPlatformProcess(state.stack.info, {
      config: { logLevel: 'warn', ...o.platform },
    });
  });
  afterAll(async () => {
    await state.platform?.stop();
    await state.stack?.stop();
    if (state.out) await rm(state.out, { recursive: true, force: true });
  });
  return state;
}
