/**
 * Runs items with at most `parallel` at once, in order; an exclusive item (one that restarts the shared
 * broker, or asks to be alone) waits for the others to finish and runs alone.
 */
export async function schedule<T extends { exclusive: boolean }>(
  items: readonly T[],
  parallel: number,
  run: (item: T, index: number) => Promise<void>,
): Promise<void> {
  const limit = Math.max(1, Math.floor(parallel));
  const running = new Set<Promise<void>>();
  for (const [index, item] of items.entries()) {
    const cap = item.exclusive ? 1 : limit;
    while (running.size >= cap || (running.size > 0 && item.exclusive)) await Promise.race(running);
    const p: Promise<void> = run(item, index).finally(() => running.delete(p));
    running.add(p);
    if (item.exclusive) await p;
  }
  await Promise.all(running);
}
