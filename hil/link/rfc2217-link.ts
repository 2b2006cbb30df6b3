/**
 * RFC 2217 ("Telnet Com Port Control") client: a serial port on the far side of a TCP socket, as
 * served by ser2net (`telnet(rfc2217)`), esptool's `esp_rfc2217_server` and our emulator.
 *
 * Why our own client: no permissively licensed RFC 2217 client exists for Node (the one telnet
 * library that could do it is AGPL; `@wokwi/rfc2217` is a server). The protocol part we need is
 * small — telnet option negotiation, IAC escaping, SET_BAUDRATE / SET_DATASIZE / SET_PARITY /
 * SET_STOPSIZE, SET_CONTROL for DTR/RTS, PURGE_DATA — and we wait for the server's acknowledgement of
 * each command (server code = client code + 100) as pyserial's client does, so a reset sequence
 * really has happened at the server before the next step.
 *
 * Layers: socket (here) → telnet codec (`telnet-codec.ts`) → option and sub-command handling (here).
 */
import { connect, type Socket } from 'node:net';
import { HIL_ERROR_CODES, HilError } from '../errors.ts';
import type { SerialLink, SerialLinkInfo } from './serial-link.ts';
import {
  DO,
  DONT,
  OPTION_BINARY,
  OPTION_COM_PORT,
  OPTION_SGA,
  TelnetDecoder,
  WILL,
  WONT,
  escapeIac,
  negotiation,
  subnegotiation,
  type NegotiationVerb,
} from './telnet-codec.ts';
import type { TraceSink } from './trace.ts';
import {
  COM_PORT,
  CONTROL,
  PARITY_NONE,
  PURGE_BOTH,
  STOPSIZE_1,
  parseRfc2217Url,
  SERVER_CODE_OFFSET,
  u32be,
  withTimeout,
} from './rfc2217-protocol.ts';

export { COM_PORT, CONTROL, parseRfc2217Url };

export interface Rfc2217LinkOptions {
  host: string;
  port: number;
  /** How long the server has to accept the COM-PORT-OPTION (ms, default 3000, as pyserial). */
  negotiationTimeoutMs?: number;
  /** How long the server has to acknowledge each command (ms, default 3000, as pyserial). */
  ackTimeoutMs?: number;
  /** How long the TCP connect may take (ms, default 5000). */
  connectTimeoutMs?: number;
  /**
   * Do not wait for SET_CONTROL acknowledgements (pyserial's `?ign_set_control`). Needed for esptool's
   * `esp_rfc2217_server`, which swallows DTR/RTS commands (it runs the reset sequences itself) and
   * never answers them. `rfc2217://host:port?ign_set_control` sets it. Default false.
   */
  ignoreSetControlAck?: boolean;
  /** Traces telnet negotiation and sub-commands (byte tracing is `tracedLink`'s job). */
  trace?: TraceSink;
}

export const RFC2217_LINK_DEFAULTS = {
  negotiationTimeoutMs: 3000,
  ackTimeoutMs: 3000,
  connectTimeoutMs: 5000,
};

const SUPPORTED = new Set([OPTION_BINARY, OPTION_SGA, OPTION_COM_PORT]);
const VERB_NAMES: Record<number, string> = { [WILL]: 'WILL', [WONT]: 'WONT', [DO]: 'DO', [DONT]: 'DONT' };

interface PendingAck {
  code: number;
  what: string;
  resolve: (value: Uint8Array) => void;
  reject: (e: Error) => void;
  timer: NodeJS.Timeout;
}

export class Rfc2217Link implements SerialLink {
  readonly info: SerialLinkInfo;
  readonly closed: Promise<void>;
  /** The options the server accepted for us (WILL … answered by DO) and for itself. */
  readonly weActive = new Set<number>();
  readonly theyActive = new Set<number>();
  /** The last modem state the server notified (CTS, DSR, RI, CD bits), if any. */
  modemState: number | undefined;
  /** The lines as last sent (unknown until the first setSignals). */
  private lines: { dtr: boolean; rts: boolean } | undefined;

  private readonly opts: Required<Omit<Rfc2217LinkOptions, 'trace'>> & { trace?: TraceSink };
  private socket: Socket | undefined;
  private readonly decoder = new TelnetDecoder();
  private readonly listeners = new Set<(chunk: Uint8Array) => void>();
  private readonly pending: PendingAck[] = [];
  private readonly weRequested = new Set<number>();
  private readonly theyRequested = new Set<number>();
  private comPortWaiter: { resolve: () => void; reject: (e: Error) => void } | undefined;
  private resolveClosed!: () => void;
  private isClosed = false;
  private closing = false;

  constructor(options: Rfc2217LinkOptions) {
    this.opts = {
      ...RFC2217_LINK_DEFAULTS,
      ...options,
      ignoreSetControlAck: options.ignoreSetControlAck ?? false,
    };
    const host = options.host.includes(':') ? `[${options.host}]` : options.host;
    this.info = { kind: 'rfc2217', path: `rfc2217://${host}:${options.port}` };
    this.closed = new Promise((resolve) => (this.resolveClosed = resolve));
  }

  static fromUrl(url: string, options: Omit<Rfc2217LinkOptions, 'host' | 'port'> = {}): Rfc2217Link {
    return new Rfc2217Link({ ...parseRfc2217Url(url), ...options });
  }

  async open({ baudRate }: { baudRate: number }): Promise<void> {
    if (this.socket) throw new HilError(HIL_ERROR_CODES.LINK_OPEN, `${this.info.path} is already open.`);
    const socket = await this.connectSocket();
    this.socket = socket;
    socket.setNoDelay(true);
    socket.on('data', (chunk: Buffer) => this.receive(chunk));
    socket.on('error', (err) => this.trace(`socket error ${err.message}`));
    socket.on('close', () => this.finish(this.closing ? 'closed' : 'closed by the server'));

    const accepted = new Promise<void>((resolve, reject) => (this.comPortWaiter = { resolve, reject }));
    for (const option of [OPTION_BINARY, OPTION_SGA, OPTION_COM_PORT]) {
      this.weRequested.add(option);
      this.theyRequested.add(option);
      this.sendRaw(negotiation(WILL, option), `WILL ${option}`);
      this.sendRaw(negotiation(DO, option), `DO ${option}`);
    }
    try {
      await withTimeout(
        accepted,
        this.opts.negotiationTimeoutMs,
        () =>
          new HilError(
            HIL_ERROR_CODES.RFC2217,
            `${this.info.path} did not accept the RFC 2217 COM-PORT-OPTION within ${this.opts.negotiationTimeoutMs} ms: ` +
              'is it an RFC 2217 server (ser2net needs `telnet(rfc2217)` in the accepter, not `raw`)?',
          ),
      );
      await Promise.all([
        this.command(COM_PORT.SET_BAUDRATE, u32be(baudRate), `baud ${baudRate}`),
        this.command(COM_PORT.SET_DATASIZE, Uint8Array.of(8), 'datasize 8'),
        this.command(COM_PORT.SET_PARITY, Uint8Array.of(PARITY_NONE), 'parity none'),
        this.command(COM_PORT.SET_STOPSIZE, Uint8Array.of(STOPSIZE_1), 'stopsize 1'),
      ]);
    } catch (e) {
      await this.close();
      throw e;
    }
  }

  async write(data: Uint8Array): Promise<void> {
    const socket = this.liveSocket('write');
    const wire = escapeIac(data);
    await new Promise<void>((resolve, reject) =>
      socket.write(wire, (err) => (err ? reject(this.closedError('write', err)) : resolve())),
    );
  }

  onData(listener: (chunk: Uint8Array) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  async setBaudRate(baudRate: number): Promise<void> {
    await this.command(COM_PORT.SET_BAUDRATE, u32be(baudRate), `baud ${baudRate}`);
  }

  /**
   * Sends SET_CONTROL for the lines that change (both on the first call), DTR first, in one TCP
   * segment, then awaits the acknowledgements. RFC 2217 has no atomic DTR+RTS command. Unchanged
   * lines are not sent again on purpose: esptool's esp_rfc2217_server acts on each command it gets
   * (an RTS-off outside download mode is a hard reset), as a board would on an edge, not a level.
   */
  async setSignals({ dtr, rts }: { dtr: boolean; rts: boolean }): Promise<void> {
    const socket = this.liveSocket('set DTR/RTS');
    const changes: { value: number; what: string }[] = [];
    if (this.lines?.dtr !== dtr)
      changes.push({ value: dtr ? CONTROL.DTR_ON : CONTROL.DTR_OFF, what: `DTR ${dtr ? 'on' : 'off'}` });
    if (this.lines?.rts !== rts)
      changes.push({ value: rts ? CONTROL.RTS_ON : CONTROL.RTS_OFF, what: `RTS ${rts ? 'on' : 'off'}` });
    this.lines = { dtr, rts };
    if (changes.length === 0) return;
    const acks = this.opts.ignoreSetControlAck
      ? []
      : changes.map((c) => this.expectAck(COM_PORT.SET_CONTROL, c.what));
    this.trace(`> SET_CONTROL ${changes.map((c) => c.what).join(', ')}`);
    socket.write(
      Buffer.concat(
        changes.map((c) => subnegotiation(OPTION_COM_PORT, Uint8Array.of(COM_PORT.SET_CONTROL, c.value))),
      ),
    );
    await Promise.all(acks);
  }

  async purge(): Promise<void> {
    await this.command(COM_PORT.PURGE_DATA, Uint8Array.of(PURGE_BOTH), 'purge rx+tx');
  }

  async close(): Promise<void> {
    const socket = this.socket;
    if (!socket || this.isClosed) {
      this.finish('closed');
      return this.closed;
    }
    this.closing = true;
    socket.end();
    const timer = setTimeout(() => socket.destroy(), 1000);
    await this.closed;
    clearTimeout(timer);
  }

  // — internals —

  private connectSocket(): Promise<Socket> {
    return new Promise((resolve, reject) => {
      const socket = connect({ host: this.opts.host, port: this.opts.port });
      const timer = setTimeout(() => {
        socket.destroy();
        reject(
          new HilError(
            HIL_ERROR_CODES.LINK_OPEN,
            `Could not connect to ${this.info.path} within ${this.opts.connectTimeoutMs} ms: check host, port and firewall.`,
          ),
        );
      }, this.opts.connectTimeoutMs);
      socket.once('connect', () => {
        clearTimeout(timer);
        resolve(socket);
      });
      socket.once('error', (err) => {
        clearTimeout(timer);
        reject(
          new HilError(
            HIL_ERROR_CODES.LINK_OPEN,
            `Could not connect to ${this.info.path} (${err.message}): is the RFC 2217 server (ser2net, esp_rfc2217_server, twinbench hil emulate) running there?`,
            { cause: err },
          ),
        );
      });
    });
  }

  private receive(chunk: Buffer): void {
    for (const event of this.decoder.decode(chunk)) {
      if (event.type === 'data') {
        for (const l of [...this.listeners]) l(event.data);
      } else if (event.type === 'negotiate') {
        this.negotiate(event.verb, event.option);
      } else if (event.option === OPTION_COM_PORT && event.payload.length > 0) {
        this.serverCommand(event.payload[0]!, event.payload.subarray(1));
      } else {
        this.trace(`< ignored sub-negotiation for option ${event.option}`);
      }
    }
  }

  /** Telnet Q-method light: answer only requests that change state, never our own echoes. */
  private negotiate(verb: NegotiationVerb, option: number): void {
    this.trace(`< ${VERB_NAMES[verb]} ${option}`);
    const supported = SUPPORTED.has(option);
    switch (verb) {
      case DO:
        if (!supported) this.sendRaw(negotiation(WONT, option), `WONT ${option}`);
        else if (!this.weActive.has(option)) {
          this.weActive.add(option);
          if (!this.weRequested.delete(option)) this.sendRaw(negotiation(WILL, option), `WILL ${option}`);
          if (option === OPTION_COM_PORT) this.comPortWaiter?.resolve();
        }
        break;
      case DONT:
        if (this.weActive.delete(option)) this.sendRaw(negotiation(WONT, option), `WONT ${option}`);
        this.weRequested.delete(option);
        if (option === OPTION_COM_PORT) {
          this.comPortWaiter?.reject(
            new HilError(
              HIL_ERROR_CODES.RFC2217,
              `${this.info.path} refused the RFC 2217 COM-PORT-OPTION: enable RFC 2217 on the server (ser2net: \`telnet(rfc2217)\`).`,
            ),
          );
        }
        break;
      case WILL:
        if (!supported) this.sendRaw(negotiation(DONT, option), `DONT ${option}`);
        else if (!this.theyActive.has(option)) {
          this.theyActive.add(option);
          if (!this.theyRequested.delete(option)) this.sendRaw(negotiation(DO, option), `DO ${option}`);
        }
        break;
      case WONT:
        if (this.theyActive.delete(option)) this.sendRaw(negotiation(DONT, option), `DONT ${option}`);
        this.theyRequested.delete(option);
        break;
    }
  }

  private serverCommand(code: number, value: Uint8Array): void {
    if (code === COM_PORT.NOTIFY_MODEMSTATE) {
      this.modemState = value[0];
      this.trace(`< NOTIFY_MODEMSTATE 0x${(value[0] ?? 0).toString(16)}`);
      return;
    }
    if (
      code === COM_PORT.NOTIFY_LINESTATE ||
      code === COM_PORT.FLOWCONTROL_SUSPEND ||
      code === COM_PORT.FLOWCONTROL_RESUME
    ) {
      this.trace(`< notification ${code}`);
      return;
    }
    const index = this.pending.findIndex((p) => p.code === code);
    this.trace(`< ack ${code} [${Array.from(value).join(' ')}]${index === -1 ? ' (unexpected)' : ''}`);
    if (index === -1) return;
    const [p] = this.pending.splice(index, 1);
    clearTimeout(p!.timer);
    p!.resolve(value);
  }

  private command(code: number, value: Uint8Array, what: string): Promise<Uint8Array> {
    const socket = this.liveSocket(what);
    const ack = this.expectAck(code, what);
    this.trace(`> ${what}`);
    socket.write(subnegotiation(OPTION_COM_PORT, Uint8Array.of(code, ...value)));
    return ack;
  }

  private expectAck(code: number, what: string): Promise<Uint8Array> {
    return new Promise((resolve, reject) => {
      const p: PendingAck = {
        code: code + SERVER_CODE_OFFSET,
        what,
        resolve,
        reject,
        timer: setTimeout(() => {
          const i = this.pending.indexOf(p);
          if (i !== -1) this.pending.splice(i, 1);
          reject(
            new HilError(
              HIL_ERROR_CODES.RFC2217,
              `${this.info.path} did not acknowledge '${what}' within ${this.opts.ackTimeoutMs} ms: the server could not apply it ` +
                '(ser2net in front of a pty cannot set DTR/RTS: a pty has no modem lines), does not send RFC 2217 acknowledgements, or the link is stalled.',
            ),
          );
        }, this.opts.ackTimeoutMs),
      };
      this.pending.push(p);
    });
  }

  private sendRaw(bytes: Uint8Array, what: string): void {
    this.trace(`> ${what}`);
    this.socket?.write(bytes);
  }

  private liveSocket(what: string): Socket {
    if (!this.socket || this.isClosed) {
      throw new HilError(
        HIL_ERROR_CODES.LINK_CLOSED,
        `Cannot ${what}: ${this.info.path} is not open. Open the link first.`,
      );
    }
    return this.socket;
  }

  private closedError(what: string, cause: unknown): HilError {
    return new HilError(HIL_ERROR_CODES.LINK_CLOSED, `Cannot ${what}: ${this.info.path} went away.`, {
      cause,
    });
  }

  private finish(reason: string): void {
    if (this.isClosed) return;
    this.isClosed = true;
    this.trace(reason);
    this.comPortWaiter?.reject(
      new HilError(HIL_ERROR_CODES.LINK_CLOSED, `${this.info.path} ${reason} during negotiation.`),
    );
    for (const p of this.pending.splice(0)) {
      clearTimeout(p.timer);
      p.reject(
        new HilError(
          HIL_ERROR_CODES.LINK_CLOSED,
          `'${p.what}' not acknowledged: ${this.info.path} ${reason}.`,
        ),
      );
    }
    this.socket?.destroy();
    this.listeners.clear();
    this.resolveClosed();
  }

  private trace(message: string): void {
    this.opts.trace?.(`${this.info.path} ${message}`);
  }
}
