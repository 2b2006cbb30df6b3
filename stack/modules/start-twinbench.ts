/**
 * One call for a whole bench in containers: broker + database (the stack), the platform and, when a
 * fleet is given, a simulator; `stop()` (or `await using`) removes them all, last started first.
 *
 *   await using tb = await startTwinbench({ fleet: { name: 'qa', groups: [{ type: 'env_sensor', count: 50 }] } });
 *   await tb.api.waitForTwin('env-0001', (t) => t.online);
 */
import type { StackOptions } from '../options.ts';
import { startStack, type StartedStack } from '../start-stack.ts';
import type { TwinbenchApi } from './api-client.ts';
import { PlatformContainer, type StartedPlatformContainer } from './platform-container.ts';
import { SimulatorContainer, type StartedSimulatorContainer } from './simulator-container.ts';

export interface TwinbenchOptions {
  /** A fleet spec (docs/simulator.md) to run in a simulator container. Default: none. */
  fleet?: Record<string, unknown>;
  /** Seed of the fleet (overrides the spec's). */
  seed?: number;
  /** Platform config beyond the broker and database (docs/platform.md). */
  platformConfig?: Record<string, unknown>;
  /** Stack options; mode is always 'containers'. */
  stack?: Omit<StackOptions, 'mode'>;
  /** Images. Defaults: twinbench/platform:latest, twinbench/simulator:latest. */
  platformImage?: string;
  simulatorImage?: string;
}

export interface StartedTwinbench extends AsyncDisposable {
  readonly stack: StartedStack;
  readonly platform: StartedPlatformContainer;
  readonly simulator: StartedSimulatorContainer | undefined;
  /** The platform's typed REST client. */
  readonly api: TwinbenchApi;
  readonly mqttUrl: string;
  stop(): Promise<void>;
}

export async function startTwinbench(o: TwinbenchOptions = {}): Promise<StartedTwinbench> {
  const stack = await startStack({ ...o.stack, mode: 'containers' });
  let platform: StartedPlatformContainer | undefined;
  let simulator: StartedSimulatorContainer | undefined;
  const stop = async (): Promise<void> => {
    await simulator?.stop();
    await platform?.stop();
    await stack.stop();
  };
  try {
    platform = await new PlatformContainer(o.platformImage)
      .withStack(stack.info)
      .withConfig(o.platformConfig ?? {})
      .withLabel(stack.id)
      .start();
    if (o.fleet) {
      let sim = new SimulatorContainer(o.simulatorImage)
        .withStack(stack.info)
        .withFleet(o.fleet)
        .withLabel(stack.id);
      if (o.seed !== undefined) sim = sim.withSeed(o.seed);
      simulator = await sim.start();
    }
  } catch (err) {
    await stop();
    throw err;
  }
  const started = platform;
  return {
    stack,
    platform: started,
    simulator,
    api: started.api,
    mqttUrl: stack.mqttUrl,
    stop,
    [Symbol.asyncDispose]: stop,
  };
}
