/**
 * What expectations read. The runner answers from the platform's REST API and the simulator; unit tests
 * answer from plain objects. Shapes follow GET /devices/:id, /devices, /devices/:id/history, /commands/:id.
 */
export interface TwinDoc {
  device?: { id: string; type?: string };
  online?: boolean;
  telemetry?: { ts: number; seq?: number; fields: Record<string, unknown> };
  shadow?: { state: { desired?: unknown; reported?: unknown; delta?: unknown }; version?: number };
  [key: string]: unknown;
}

export interface HistoryQuery {
  kind: 'telemetry' | 'liveness' | 'shadow' | 'events' | 'commands';
  fromMs: number;
  toMs: number;
  fields?: string[];
}

export interface HistoryRows {
  columns: string[];
  rows: unknown[][];
}

export interface CommandDoc {
  id: string;
  status: string;
  latencyMs?: number;
  error?: string;
  [key: string]: unknown;
}

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
