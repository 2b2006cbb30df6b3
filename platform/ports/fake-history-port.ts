import type { InfluxSeries } from '../../runtime/index.ts';
import type { HistoryPort } from './ports.ts';

/**
 * An in-memory history database for unit tests: keeps every line written and answers queries with
 * `answer` (no series by default). Integration tests use a real InfluxDB instead.
 */
export class FakeHistoryPort implements HistoryPort {
  readonly lines: string[] = [];
  readonly queries: string[] = [];
  databases: string[] = [];
  up = true;
  answer: (q: string) => InfluxSeries[] = () => [];

  async ping(): Promise<string> {
    if (!this.up) throw new Error('fake InfluxDB is down');
    return 'fake';
  }

  async createDatabase(db: string): Promise<void> {
    this.databases.push(db);
  }

  async write(lines: readonly string[]): Promise<void> {
    if (!this.up) throw new Error('fake InfluxDB is down');
    this.lines.push(...lines);
  }

  async query(q: string): Promise<InfluxSeries[]> {
    this.queries.push(q);
    if (!this.up) throw new Error('fake InfluxDB is down');
    return this.answer(q);
  }

  /** The lines of one measurement. */
  of(measurement: string): string[] {
    return this.lines.filter((l) => l.startsWith(`${measurement},`) || l.startsWith(`${measurement} `));
  }
}
