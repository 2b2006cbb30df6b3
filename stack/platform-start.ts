/**
 * The platform as a process on this machine or as a container (`twinbench/platform`), with one face
 * (`StartedPlatform`), so every caller — the CLI's `--platform`, test harnesses, scenario runs — can run
 * the same work against either. Default: `TWINBENCH_PLATFORM` (process | container), else process.
 */
import { STACK_ERROR_CODES, StackError } from './errors.ts';
import type { StackInfo } from './info.ts';
import { PlatformContainer } from './modules/platform-container.ts';
import {
  startPlatformProcess,
  type PlatformProcessOptions,
  type StartedPlatform,
} from './platform-process.ts';

export const PLATFORM_RUNNERS = ['process', 'container'] as const;
export type PlatformRunner = (typeof PLATFORM_RUNNERS)[number];

export interface StartPlatformOptions extends PlatformProcessOptions {
  /** Default: TWINBENCH_PLATFORM, else 'process'. */
  as?: PlatformRunner;
  /** Image for 'container'. Default twinbench/platform:latest. */
  image?: string;
}

export function platformRunnerFromEnv(env: Record<string, string | undefined> = process.env): PlatformRunner {
  const v = env.TWINBENCH_PLATFORM;
  if (v === undefined || v === '') return 'process';
  if ((PLATFORM_RUNNERS as readonly string[]).includes(v)) return v as PlatformRunner;
  throw new StackError(
    STACK_ERROR_CODES.BAD_OPTIONS,
    `TWINBENCH_PLATFORM=${JSON.stringify(v)}: use 'process' or 'container'.`,
  );
}

export async function startPlatform(
  stack: Pick<StackInfo, 'mqttUrl' | 'mqtt' | 'influx' | 'tls' | 'listen'>,
  o: StartPlatformOptions = {},
): Promise<StartedPlatform> {
  const as = o.as ?? platformRunnerFromEnv();
  if (as === 'process') return startPlatformProcess(stack, o);
  let c = new PlatformContainer(o.image).withStack(stack).withConfig(o.config ?? {});
  if (o.startupTimeoutMs !== undefined) c = c.withStartupTimeout(o.startupTimeoutMs);
  if (o.onLog) c = c.withLogListener(o.onLog);
  if (o.tokenFile) c = c.withTokenFile(o.tokenFile);
  return c.start();
}
