/**
 * One WebSocket on the platform's stream per engine (per artillery worker), filtered to the worker's
 * devices by their `load` tag: every telemetry change gives publish → twin latency (the device's `sent`
 * to the frame's arrival, both on this worker's clock, so no clock skew between machines), every
 * command change may end a `command` step's wait.
 */
import { isFinalStatus, type CommandRecord } from './platform-api.ts';

export interface StreamHandlers {
  /** A telemetry change of one of our devices, with the device's `sent` time when it had one. */
  telemetry(deviceId: string, seq: number | undefined, sent: number | undefined, at: number): void;
  /** The stream failed or closed: waits fall back to the REST API. */
  lost(reason: string): void;
}

interface Change {
  kind?: string;
  deviceId?: string;
  seq?: number;
  sent?: number;
  command?: CommandRecord;
}

export class StreamWatch {
  private ws: WebSocket | undefined;
  private opening: Promise<void> | undefined;
  private readonly commandWaiters = new Map<string, (c: CommandRecord, at: number) => void>();
  private readonly url: string;
  private readonly handlers: StreamHandlers;
  private readonly headers: Record<string, string>;
  up = false;

  /** @param headers of the upgrade request: the API token (`PlatformApi.authHeaders()`). */
  constructor(url: string, handlers: StreamHandlers, headers: Record<string, string> = {}) {
    this.url = url;
    this.handlers = handlers;
    this.headers = headers;
  }

  /** Opens the stream once (later calls share the first); resolves false when it cannot be opened. */
  async open(): Promise<boolean> {
    this.opening ??= new Promise<void>((resolve) => {
      const ws = new WebSocket(this.url, { headers: this.headers });
      this.ws = ws;
      ws.addEventListener('open', () => {
        this.up = true;
        resolve();
      });
      ws.addEventListener('message', (e) => this.onFrame(String(e.data)));
      ws.addEventListener('error', () => resolve());
      ws.addEventListener('close', () => {
        if (this.up) this.handlers.lost('the platform closed its stream');
        this.up = false;
        resolve();
      });
    });
    await this.opening;
    return this.up;
  }

  /** Resolves with the command's final record and when it arrived, once the stream shows it. */
  waitForCommand(commandId: string): Promise<{ record: CommandRecord; at: number }> {
    return new Promise((resolve) =>
      this.commandWaiters.set(commandId, (record, at) => resolve({ record, at })),
    );
  }

  forgetCommand(commandId: string): void {
    this.commandWaiters.delete(commandId);
  }

  close(): void {
    this.up = false;
    this.ws?.close();
  }

  private onFrame(data: string): void {
    const at = Date.now();
    let changes: Change[];
    try {
      changes = JSON.parse(data) as Change[];
    } catch {
      return;
    }
    if (!Array.isArray(changes)) return;
    for (const c of changes) {
      if (c.kind === 'telemetry' && typeof c.deviceId === 'string') {
        this.handlers.telemetry(c.deviceId, c.seq, c.sent, at);
      } else if (c.kind === 'command' && c.command && isFinalStatus(c.command.status)) {
        const waiter = this.commandWaiters.get(c.command.id);
        if (waiter) {
          this.commandWaiters.delete(c.command.id);
          waiter(c.command, at);
        }
      }
    }
  }
}
