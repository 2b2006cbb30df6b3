/** Something that happened during a scenario, for failure explanations and the report's timeline. */
export interface LogEvent {
  /** Epoch ms. */
  t: number;
  source: 'step' | 'action' | 'expect' | 'twin' | 'runner' | 'warn';
  text: string;
}

export interface EventLogOptions {
  /** Events kept apart from twin telemetry (which is kept in a ring). Default 5 000. */
  maxEvents?: number;
  /** Twin telemetry changes kept (the newest). Default 300. */
  maxTelemetry?: number;
}

/** A bounded log: steps, actions and twin changes (telemetry in a ring of its own, it is the bulk). */
export class EventLog {
  readonly #events: LogEvent[] = [];
  readonly #telemetry: LogEvent[] = [];
  readonly #max: number;
  readonly #maxTelemetry: number;
  #dropped = 0;

  constructor(o: EventLogOptions = {}) {
    this.#max = o.maxEvents ?? 5_000;
    this.#maxTelemetry = o.maxTelemetry ?? 300;
  }

  add(event: LogEvent): void {
    if (this.#events.length >= this.#max) {
      this.#dropped++;
      return;
    }
    this.#events.push(event);
  }

  /** Twin telemetry: only the newest are kept. */
  addTelemetry(event: LogEvent): void {
    this.#telemetry.push(event);
    if (this.#telemetry.length > this.#maxTelemetry) this.#telemetry.shift();
  }

  /** Everything kept, in time order. */
  all(): LogEvent[] {
    return [...this.#events, ...this.#telemetry].sort((a, b) => a.t - b.t);
  }

  /** The last `n` events at or before `t`. */
  before(t: number, n = 12): LogEvent[] {
    return this.all()
      .filter((e) => e.t <= t)
      .slice(-n);
  }

  get dropped(): number {
    return this.#dropped;
  }
}
