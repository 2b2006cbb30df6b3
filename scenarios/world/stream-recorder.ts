import type { TwinChange } from '../../twin/index.ts';
import type { EventLog } from '../engine/event-log.ts';

type Change = TwinChange;

const short = (v: unknown, max = 100) => {
  const t = JSON.stringify(v) ?? '';
  return t.length > max ? `${t.slice(0, max - 1)}…` : t;
};

/** Words for one twin change in the event log (device ids without the scenario's prefix). */
export function describeChange(change: Change, prefix = ''): string {
  const c = change.deviceId.startsWith(prefix)
    ? { ...change, deviceId: change.deviceId.slice(prefix.length) }
    : change;
  switch (c.kind) {
    case 'telemetry':
      return `${c.deviceId} telemetry${c.seq !== undefined ? ` seq=${c.seq}` : ''} ${short(c.fields)}`;
    case 'liveness':
      return `${c.deviceId} ${c.online ? 'online' : 'offline'} (${c.reason ?? ''})`;
    case 'shadow':
      return `${c.deviceId} shadow v${c.version ?? '?'}${c.state?.delta ? ` delta ${short(c.state.delta)}` : ' in sync'}`;
    case 'event': {
      const { type, ...rest } = c.event ?? { type: '?' };
      return `${c.deviceId} event ${type} ${short(rest)}`;
    }
    case 'command':
      return `${c.deviceId} command ${c.command?.name} ${c.command?.status}${c.command?.latencyMs !== undefined ? ` ${c.command.latencyMs} ms` : ''}`;
    case 'device':
      return `${c.deviceId} registered (${c.device?.type ?? '?'})`;
    default: {
      // A kind this version does not know (a newer platform): say what it is.
      const other = c as { deviceId: string; kind: string };
      return `${other.deviceId} ${other.kind}`;
    }
  }
}

/**
 * Follows the platform's WebSocket stream into the scenario's event log (the "events before" of a
 * failure and the report's timeline). Reconnects when the platform restarts.
 */
export class StreamRecorder {
  readonly #log: EventLog;
  readonly #now: () => number;
  readonly #withTelemetry: boolean;
  readonly #mine: (deviceId: string) => boolean;
  readonly #prefix: string;
  #socket: WebSocket | undefined;
  #closed = false;

  /** `mine`: whether a device belongs to this scenario (the broker is shared; other scenarios' devices are noise). */
  constructor(
    log: EventLog,
    o: { now: () => number; withTelemetry: boolean; mine: (deviceId: string) => boolean; prefix: string },
  ) {
    this.#prefix = o.prefix;
    this.#log = log;
    this.#now = o.now;
    this.#withTelemetry = o.withTelemetry;
    this.#mine = o.mine;
  }

  /** @param token the platform's API token, sent in the upgrade's Authorization header. */
  connect(wsUrl: string, token?: string): void {
    this.#socket?.close();
    if (this.#closed) return;
    const kinds = this.#withTelemetry ? '' : '?kinds=liveness,shadow,event,command,device';
    const ws = new WebSocket(
      `${wsUrl}/stream${kinds}`,
      token ? { headers: { authorization: `Bearer ${token}` } } : undefined,
    );
    ws.addEventListener('message', (e) => {
      let changes: Change[];
      try {
        changes = JSON.parse(String(e.data)) as Change[];
      } catch {
        return;
      }
      for (const c of changes) {
        if (!this.#mine(c.deviceId)) continue;
        const event = { t: this.#now(), source: 'twin' as const, text: describeChange(c, this.#prefix) };
        if (c.kind === 'telemetry') this.#log.addTelemetry(event);
        else this.#log.add(event);
      }
    });
    ws.addEventListener('error', () => undefined);
    this.#socket = ws;
  }

  close(): void {
    this.#closed = true;
    this.#socket?.close();
  }
}
