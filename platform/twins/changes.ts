import type { TwinChange } from '../../twin/index.ts';

export type { TwinChange };

export type TwinChangeListener = (change: TwinChange) => void;

/** A tiny synchronous fan-out; listeners must not throw (history and stream catch their own errors). */
export class ChangeBus {
  readonly #listeners = new Set<TwinChangeListener>();

  on(listener: TwinChangeListener): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  emit(change: TwinChange): void {
    for (const l of this.#listeners) l(change);
  }
}
