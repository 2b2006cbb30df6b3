/**
 * One copy of each short, often repeated string (device types, profiles, sites, floors, firmware
 * versions, telemetry states like "closed"): JSON.parse gives every message its own copies, and at
 * 100,000 twins those copies cost more than the twins' numbers. Bounded, so ids and other unique
 * strings cannot grow it without limit; past the bound a string is simply kept as given.
 */
export class StringPool {
  readonly #pool = new Map<string, string>();
  readonly #maxEntries: number;
  readonly #maxLength: number;

  constructor(maxEntries = 65_536, maxLength = 64) {
    this.#maxEntries = maxEntries;
    this.#maxLength = maxLength;
  }

  get size(): number {
    return this.#pool.size;
  }

  intern<T extends string | undefined>(s: T): T {
    if (s === undefined || s.length > this.#maxLength) return s;
    const known = this.#pool.get(s);
    if (known !== undefined) return known as T;
    if (this.#pool.size < this.#maxEntries) this.#pool.set(s, s);
    return s;
  }
}
