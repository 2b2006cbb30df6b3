/**
 * The platform's WebSocket stream with reconnection: exponential backoff with jitter, a `stale` state
 * from the moment the socket drops until a new one is open (and the caller has resynced), and a clock
 * and socket factory that tests inject.
 */
import type { TwinChange } from './wire.ts';

export type StreamStatus = 'connecting' | 'live' | 'stale';

export interface StreamClientOptions {
  /** `ws://host:port/stream` (query parameters allowed). */
  url: string;
  /**
   * An API token, sent as the first message `{"type":"auth","token":…}` on every (re)connection: a
   * browser cannot set headers on a WebSocket, and a token in the URL would land in logs. Default none.
   */
  token?: string | undefined;
  onChanges: (changes: TwinChange[]) => void;
  /** Status changes; `since` is when the stream went stale (epoch ms). */
  onStatus?: (status: StreamStatus, since?: number) => void;
  /** Called after every (re)connection, before frames are delivered (a resync). */
  onOpen?: () => void | Promise<void>;
  /** First retry delay, ms. Default 500. */
  initialBackoffMs?: number;
  /** Largest retry delay, ms. Default 10 000. */
  maxBackoffMs?: number;
  /** Default `(url) => new WebSocket(url)`. */
  socket?: (url: string) => WebSocketLike;
  /** Default Date.now / setTimeout / Math.random. */
  now?: () => number;
  setTimer?: (fn: () => void, ms: number) => unknown;
  random?: () => number;
}

export interface WebSocketLike {
  onopen: ((ev: unknown) => void) | null;
  onmessage: ((ev: { data: unknown }) => void) | null;
  onclose: ((ev: unknown) => void) | null;
  onerror: ((ev: unknown) => void) | null;
  close(): void;
  send?(data: string): void;
}

export class StreamClient {
  readonly #o: Required<Omit<StreamClientOptions, 'onStatus' | 'onOpen' | 'token'>> &
    Pick<StreamClientOptions, 'onStatus' | 'onOpen' | 'token'>;
  #socket: WebSocketLike | undefined;
  #attempt = 0;
  #closed = false;
  #status: StreamStatus = 'connecting';
  #staleSince: number | undefined;
  /** Frames that arrive while onOpen resyncs are held, then delivered in order. */
  #held: TwinChange[][] | undefined;

  constructor(options: StreamClientOptions) {
    this.#o = {
      initialBackoffMs: 500,
      maxBackoffMs: 10_000,
      socket: (url) => new WebSocket(url) as unknown as WebSocketLike,
      now: () => Date.now(),
      setTimer: (fn, ms) => setTimeout(fn, ms),
      random: Math.random,
      ...options,
    };
  }

  get status(): StreamStatus {
    return this.#status;
  }

  get staleSince(): number | undefined {
    return this.#staleSince;
  }

  start(): this {
    this.#connect();
    return this;
  }

  close(): void {
    this.#closed = true;
    this.#socket?.close();
  }

  /** Drops the socket as a network failure would (tests and the "reconnect" button use it). */
  drop(): void {
    this.#socket?.close();
  }

  #setStatus(status: StreamStatus): void {
    if (status === this.#status) return;
    this.#status = status;
    if (status === 'stale') this.#staleSince ??= this.#o.now();
    if (status === 'live') this.#staleSince = undefined;
    this.#o.onStatus?.(status, this.#staleSince);
  }

  #connect(): void {
    if (this.#closed) return;
    const ws = this.#o.socket(this.#o.url);
    this.#socket = ws;
    let opened = false;
    ws.onopen = () => {
      if (this.#o.token) ws.send?.(JSON.stringify({ type: 'auth', token: this.#o.token }));
      opened = true;
      this.#attempt = 0;
      this.#held = [];
      void Promise.resolve(this.#o.onOpen?.())
        .catch(() => undefined)
        .finally(() => {
          const held = this.#held ?? [];
          this.#held = undefined;
          for (const frame of held) this.#o.onChanges(frame);
          if (this.#socket === ws) this.#setStatus('live');
        });
    };
    ws.onmessage = (ev) => {
      let frame: TwinChange[];
      try {
        frame = JSON.parse(String(ev.data)) as TwinChange[];
      } catch {
        return; // not ours
      }
      if (this.#held) this.#held.push(frame);
      else this.#o.onChanges(frame);
    };
    ws.onerror = () => undefined; // onclose follows
    ws.onclose = () => {
      if (this.#socket !== ws) return;
      this.#socket = undefined;
      this.#held = undefined;
      if (this.#closed) return;
      this.#setStatus('stale');
      if (!opened) this.#attempt++;
      else this.#attempt = 1;
      this.#o.setTimer(() => this.#connect(), this.backoffMs(this.#attempt));
    };
  }

  /** Attempt n waits between half and all of min(max, initial × 2^(n−1)). */
  backoffMs(attempt: number): number {
    const full = Math.min(this.#o.maxBackoffMs, this.#o.initialBackoffMs * 2 ** Math.max(0, attempt - 1));
    return full / 2 + (this.#o.random() * full) / 2;
  }
}
