import type { LatestTelemetry } from '../../twin/index.ts';
import type { StringPool } from './intern.ts';

type Value = LatestTelemetry['fields'][string];
/** Numbers unboxed (NaN = no value: JSON cannot carry NaN), or any value (undefined = none). */
type Column = Float64Array | (Value | undefined)[];

const ROW_BITS = 22;
const ROWS_PER_TABLE = 1 << ROW_BITS;

/**
 * The latest telemetry of every twin of one device type, column by column: the field names once per
 * type (in the order the type's twins first sent them), numbers in Float64Arrays (8 bytes each, no
 * boxed heap number per value), other values in plain arrays.
 */
class TypeTable {
  readonly names: string[] = [];
  readonly #index = new Map<string, number>();
  cols: Column[] = [];
  ts = new Float64Array(16);
  seq = new Float64Array(16);
  rows = 0;

  addRow(): number {
    if (this.rows === this.ts.length) this.#grow(this.ts.length * 2);
    this.ts[this.rows] = Number.NaN;
    this.seq[this.rows] = Number.NaN;
    return this.rows++;
  }

  column(name: string, pool: StringPool): number {
    let c = this.#index.get(name);
    if (c === undefined) {
      c = this.names.length;
      const interned = pool.intern(name);
      this.names.push(interned);
      this.#index.set(interned, c);
      this.cols.push(new Float64Array(this.ts.length).fill(Number.NaN));
    }
    return c;
  }

  set(row: number, c: number, v: Value): void {
    let col = this.cols[c] as Column;
    if (col instanceof Float64Array) {
      if (typeof v === 'number') {
        col[row] = v;
        return;
      }
      // A column that meets a string or a boolean holds any value from now on.
      col = Array.from(col, (n) => (Number.isNaN(n) ? undefined : n));
      this.cols[c] = col;
    }
    col[row] = v;
  }

  clear(row: number): void {
    for (const col of this.cols) col[row] = col instanceof Float64Array ? Number.NaN : undefined;
  }

  read(row: number): LatestTelemetry {
    const fields: Record<string, Value> = {};
    for (let c = 0; c < this.cols.length; c++) {
      const v = (this.cols[c] as Column)[row];
      if (v !== undefined && !(typeof v === 'number' && Number.isNaN(v))) fields[this.names[c] as string] = v;
    }
    const seq = this.seq[row] as number;
    return { ts: this.ts[row] as number, ...(Number.isNaN(seq) ? {} : { seq }), fields };
  }

  #grow(capacity: number): void {
    const grow = (a: Float64Array) => {
      const b = new Float64Array(capacity).fill(Number.NaN);
      b.set(a);
      return b;
    };
    this.ts = grow(this.ts);
    this.seq = grow(this.seq);
    this.cols = this.cols.map((col) => (col instanceof Float64Array ? grow(col) : col));
  }
}

/**
 * Latest telemetry of every twin, in one table per device type (shared field layout, compact values);
 * a twin's place is one small integer in one map. What it answers is what the twin was sent: the newest
 * value of every field, the newest `ts` and `seq`.
 */
export class TelemetryTable {
  readonly #tables: TypeTable[] = [];
  readonly #tableOf = new Map<string, number>();
  /** deviceId → table index << ROW_BITS | row (a small integer: no object per twin). */
  readonly #where = new Map<string, number>();
  readonly #pool: StringPool;

  constructor(pool: StringPool) {
    this.#pool = pool;
  }

  has(deviceId: string): boolean {
    return this.#where.has(deviceId);
  }

  get(deviceId: string): LatestTelemetry | undefined {
    const w = this.#where.get(deviceId);
    if (w === undefined) return undefined;
    return (this.#tables[w >>> ROW_BITS] as TypeTable).read(w & (ROWS_PER_TABLE - 1));
  }

  /** The twin's newest `ts` (undefined: no telemetry yet). */
  ts(deviceId: string): number | undefined {
    const w = this.#where.get(deviceId);
    if (w === undefined) return undefined;
    return (this.#tables[w >>> ROW_BITS] as TypeTable).ts[w & (ROWS_PER_TABLE - 1)];
  }

  /** Merges fields in; `replace` forgets the fields the twin had (a restore). */
  put(
    deviceId: string,
    type: string,
    msg: { ts: number; seq?: number | undefined; fields: Record<string, Value> },
    replace = false,
  ): void {
    let w = this.#where.get(deviceId);
    if (w === undefined) {
      w = this.#place(type);
      this.#where.set(deviceId, w);
    } else if (replace) (this.#tables[w >>> ROW_BITS] as TypeTable).clear(w & (ROWS_PER_TABLE - 1));
    const t = this.#tables[w >>> ROW_BITS] as TypeTable;
    const row = w & (ROWS_PER_TABLE - 1);
    t.ts[row] = msg.ts;
    if (msg.seq !== undefined) t.seq[row] = msg.seq;
    for (const name in msg.fields) {
      const v = msg.fields[name] as Value;
      t.set(row, t.column(name, this.#pool), typeof v === 'string' ? this.#pool.intern(v) : v);
    }
  }

  #place(type: string): number {
    let i = this.#tableOf.get(type);
    let t = i === undefined ? undefined : this.#tables[i];
    // A full table (4 million rows) makes way for another of the same type.
    if (i === undefined || !t || t.rows === ROWS_PER_TABLE) {
      i = this.#tables.length;
      t = new TypeTable();
      this.#tables.push(t);
      this.#tableOf.set(type, i);
    }
    return (i << ROW_BITS) | t.addRow();
  }
}
