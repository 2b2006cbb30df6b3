/**
 * ESP-IDF log lines, `I (29) boot: …`, with a millisecond stamp that advances as a real boot's
 * does: by the time each line takes on a 115200-baud UART plus a little work. Deterministic.
 */
export class IdfLog {
  readonly lines: string[] = [];

  private ms: number;

  constructor(startMs: number) {
    this.ms = startMs;
  }

  get now(): number {
    return Math.floor(this.ms);
  }

  line(level: 'I' | 'W' | 'E', tag: string, message: string): this {
    const text = `${level} (${Math.floor(this.ms)}) ${tag}: ${message}`;
    this.lines.push(text);
    this.ms += ((text.length + 2) * 10 * 1000) / 115200 + 0.6;
    return this;
  }

  i(tag: string, message: string): this {
    return this.line('I', tag, message);
  }

  w(tag: string, message: string): this {
    return this.line('W', tag, message);
  }

  e(tag: string, message: string): this {
    return this.line('E', tag, message);
  }

  /** Time spent without printing (loading segments, starting the scheduler). */
  advance(ms: number): this {
    this.ms += ms;
    return this;
  }
}

export function hex8(v: number): string {
  return (v >>> 0).toString(16).padStart(8, '0');
}
