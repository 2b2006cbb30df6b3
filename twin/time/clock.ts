/**
 * Time as twinbench code sees it (testcontainers' common/clock.ts, MQTT.js get-timer.ts): injected,
 * so the simulator runs on virtual time and tests use a virtual clock instead of patching timers.
 */
export interface Clock {
  /** Epoch ms. */
  now(): number;
  /** Resolves after `ms` of this clock's time; rejects with the signal's reason when aborted. */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

/** Only the reading: what code that never waits needs (`Date.now` fits). */
export type NowFn = () => number;

/** Wall-clock time and real timers. */
export const realClock: Clock = Object.freeze({
  now: () => Date.now(),
  sleep: (ms: number, signal?: AbortSignal) =>
    new Promise<void>((resolve, reject) => {
      if (signal?.aborted) {
        reject(signal.reason as Error);
        return;
      }
      const onAbort = () => {
        clearTimeout(timer);
        reject(signal?.reason as Error);
      };
      const timer = setTimeout(
        () => {
          signal?.removeEventListener('abort', onAbort);
          resolve();
        },
        Math.max(0, ms),
      );
      signal?.addEventListener('abort', onAbort, { once: true });
    }),
});
