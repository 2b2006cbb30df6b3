import type { CommandView, HistoryAnswer, HistoryKind, TwinView } from '../../twin/index.ts';

/**
 * What expectations read. The runner answers from the platform's REST API and the simulator; unit tests
 * answer from plain objects. Shapes follow GET /devices/:id, /devices, /devices/:id/history, /commands/:id.
 */
/** GET /devices/:id as the platform answers it (twin/'s wire type). */
export type TwinDoc = TwinView;

/** What a condition asks of a device's history (the data source turns it into GET …/history). */
export interface HistoryQuery {
  kind: HistoryKind;
  fromMs: number;
  toMs: number;
  fields?: string[];
}

/** The rows of GET /devices/:id/history (twin/'s HistoryAnswer): `time` first, then the fields. */
export type HistoryRows = Pick<HistoryAnswer, 'columns' | 'rows'>;

/** GET /commands/:id (twin/'s wire type). */
export type CommandDoc = CommandView;

/** What a fleet says it published, for loss: totals and, when the simulator knows, per device. */
export interface Published {
  /** Telemetry messages published by the whole fleet. */
  total?: number;
  /** Telemetry messages published per device id. */
  perDevice?: Record<string, number>;
}

export interface DataSource {
  /** GET /devices/:id; undefined on 404. */
  twin(deviceId: string): Promise<TwinDoc | undefined>;
  /** GET /devices. */
  devices(): Promise<{ id: string; online: boolean }[]>;
  history(deviceId: string, query: HistoryQuery): Promise<HistoryRows>;
  /** GET /commands/:id; undefined on 404. */
  command(commandId: string): Promise<CommandDoc | undefined>;
  /** GET /metrics (Prometheus text). */
  metrics(): Promise<string>;
  /** GET /health. */
  health(): Promise<{ status: number; body: unknown }>;
  published(fleet: string): Promise<Published>;
}
