import { STACK_ERROR_CODES, StackError } from '../errors.ts';
import { waitUntil } from '../readiness.ts';
import type { ServiceHandle } from '../service.ts';
import { ManagedProcess } from './child-process.ts';
import type { ResolvedOptions } from './mode.ts';

export interface ProcessServiceSpec {
  name: 'mosquitto' | 'influxdb';
  bin: string;
  args: string[];
  env: NodeJS.ProcessEnv;
  url: string;
  /** What "ready" means, for the error message: "accept MQTT connections", "answer GET /ping". */
  readiness: string;
  ready: () => Promise<boolean>;
  /** Sees every line the process prints. */
  onLine?: (line: string) => void;
}

/** A process service; `signal` reaches the process (SIGHUP for a reload). */
export interface ProcessService extends ServiceHandle {
  signal(signal: NodeJS.Signals): void;
}

/** A local binary run as a stack service: started, waited for, restartable on the same ports and data. */
export async function startProcessService(
  spec: ProcessServiceSpec,
  opts: ResolvedOptions,
): Promise<ProcessService> {
  const binName = spec.bin.split('/').pop();
  let proc: ManagedProcess;
  const launch = async (): Promise<void> => {
    proc = new ManagedProcess(spec.bin, spec.args, spec.env, spec.onLine);
    opts.onProgress(`starting ${binName} (pid ${proc.pid}) on ${spec.url}`);
    const ready = await waitUntil(spec.ready, {
      timeoutMs: opts.startupTimeoutMs,
      abort: () =>
        proc.running
          ? undefined
          : new Error(`${binName} exited with code ${proc.exitCode} before it was ready`),
    });
    if (!ready.ok) {
      const tail = proc.logs.lines();
      await proc.stop();
      throw new StackError(
        STACK_ERROR_CODES.NOT_READY,
        `${binName} did not ${spec.readiness} on ${spec.url} within ${opts.startupTimeoutMs} ms (${(ready.lastError as Error | undefined)?.message ?? 'no answer'}).`,
        { logTail: tail },
      );
    }
  };
  await launch();
  return {
    get info() {
      return { name: spec.name, kind: 'process' as const, id: String(proc.pid) };
    },
    logs: () => proc.logs.lines(),
    signal: (signal) => proc.signal(signal),
    stop: () => proc.stop(),
    restart: async () => {
      await proc.stop();
      await launch();
    },
  };
}
