/**
 * A binary min-heap ordered by (at, order): the one timer structure of a fleet. `order` breaks ties in
 * insertion order, so entries due at the same time run first-in first-out (deterministic).
 */
export class MinHeap<T> {
  private readonly at: number[] = [];
  private readonly order: number[] = [];
  private readonly items: T[] = [];
  private counter = 0;

  get size(): number {
    return this.items.length;
  }

  /** Time of the earliest entry, or Infinity when empty. */
  peekAt(): number {
    return this.at[0] ?? Infinity;
  }

  push(at: number, item: T): void {
    this.at.push(at);
    this.order.push(this.counter++);
    this.items.push(item);
    this.up(this.items.length - 1);
  }

  /** Removes and returns the earliest entry. */
  pop(): { at: number; item: T } | undefined {
    const n = this.items.length;
    if (n === 0) return undefined;
    const at = this.at[0] as number;
    const item = this.items[0] as T;
    const lastAt = this.at.pop() as number;
    const lastOrder = this.order.pop() as number;
    const lastItem = this.items.pop() as T;
    if (n > 1) {
      this.at[0] = lastAt;
      this.order[0] = lastOrder;
      this.items[0] = lastItem;
      this.down(0);
    }
    return { at, item };
  }

  clear(): void {
    this.at.length = 0;
    this.order.length = 0;
    this.items.length = 0;
  }

  private less(i: number, j: number): boolean {
    const a = this.at[i] as number;
    const b = this.at[j] as number;
    return a < b || (a === b && (this.order[i] as number) < (this.order[j] as number));
  }

  private swap(i: number, j: number): void {
    const at = this.at[i] as number;
    this.at[i] = this.at[j] as number;
    this.at[j] = at;
    const order = this.order[i] as number;
    this.order[i] = this.order[j] as number;
    this.order[j] = order;
    const item = this.items[i] as T;
    this.items[i] = this.items[j] as T;
    this.items[j] = item;
  }

  private up(i: number): void {
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!this.less(i, parent)) return;
      this.swap(i, parent);
      i = parent;
    }
  }

  private down(i: number): void {
    const n = this.items.length;
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let m = i;
      if (l < n && this.less(l, m)) m = l;
      if (r < n && this.less(r, m)) m = r;
      if (m === i) return;
      this.swap(i, m);
      i = m;
    }
  }
}
