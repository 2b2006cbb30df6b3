import { createServer, type Server, type Socket } from 'node:net';
import {
  DO,
  DONT,
  escapeIac,
  negotiation,
  OPTION_BINARY,
  OPTION_COM_PORT,
  OPTION_SGA,
  subnegotiation,
  TelnetDecoder,
  WILL,
  WONT,
} from '../link/telnet-codec.ts';
import { realClock, type HilClock } from '../clock.ts';
import { COM_PORT, CONTROL, SERVER_CODE_OFFSET } from '../link/rfc2217-protocol.ts';
import { RESET_SEQUENCES, runResetSequence } from '../link/reset-sequence.ts';
import type { EmulatedBoard } from './board.ts';
import { EmulatorError } from './errors.ts';

const SUPPORTED = new Set<number>([OPTION_BINARY, OPTION_SGA, OPTION_COM_PORT]);

export interface Rfc2217ServerOptions {
  /** Default 127.0.0.1 (loopback only). */
  host?: string;
  /** 0 (default) picks a free port. */
  port?: number;
  /**
   * `lines` (default, like ser2net): DTR/RTS changes go to the board's reset circuit as they come.
   * `esptool` (like esptool's esp_rfc2217_server): the start of esptool's reset is recognised and the
   * whole sequence is run next to the board — DTR on starts the reset into the ROM loader, RTS off
   * (outside it) a hard reset into the app — because clients cannot time two line changes over a
   * network (pyserial spends 50–100 ms on each SET_CONTROL).
   */
  resetMode?: 'lines' | 'esptool';
  /** Times the `esptool` mode's local reset sequences; default real time. */
  clock?: HilClock;
}

export interface Rfc2217Server extends AsyncDisposable {
  readonly host: string;
  readonly port: number;
  /** `rfc2217://host:port`, for pyserial, esptool, the HIL runner. */
  readonly url: string;
  close(): Promise<void>;
}

/**
 * Serves an emulated board over RFC 2217 (telnet COM-PORT-OPTION), like ser2net or esptool's
 * esp_rfc2217_server in front of a real one: answers WILL/DO for BINARY, SUPPRESS-GO-AHEAD and
 * COM-PORT-OPTION; acknowledges SET_BAUDRATE/DATASIZE/PARITY/STOPSIZE/CONTROL and PURGE_DATA with
 * the value in force (8N1 only); DTR/RTS on/off drive the board's reset circuit; 0xFF is doubled
 * both ways. One client at a time; a second is told the port is busy.
 */
export async function serveRfc2217(
  board: EmulatedBoard,
  options: Rfc2217ServerOptions = {},
): Promise<Rfc2217Server> {
  const host = options.host ?? '127.0.0.1';
  const sockets = new Set<Socket>();
  let active: Socket | undefined;
  const server: Server = createServer((socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
    socket.on('error', () => socket.destroy());
    socket.setNoDelay(true);
    if (active) {
      socket.end(
        `${board.personality.label} emulator on port ${server.address() && (server.address() as { port: number }).port} is in use by another client\r\n`,
      );
      return;
    }
    active = socket;
    serveClient(board, socket, options.resetMode ?? 'lines', options.clock ?? realClock, () => {
      if (active === socket) active = undefined;
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', (e) =>
      reject(
        new EmulatorError(
          `cannot serve RFC 2217 on ${host}:${options.port ?? 0}: ${e.message}; pick another --rfc2217-port`,
          { cause: e },
        ),
      ),
    );
    server.listen(options.port ?? 0, host, () => resolve());
  });
  const port = (server.address() as { port: number }).port;
  let closing: Promise<void> | undefined;
  const close = () =>
    (closing ??= new Promise<void>((resolve) => {
      for (const s of sockets) s.destroy();
      server.close(() => resolve());
    }));
  return {
    host,
    port,
    url: `rfc2217://${host.includes(':') ? `[${host}]` : host}:${port}`,
    close,
    [Symbol.asyncDispose]: close,
  };
}

function u32be(v: number): Uint8Array {
  return Uint8Array.of((v >>> 24) & 0xff, (v >>> 16) & 0xff, (v >>> 8) & 0xff, v & 0xff);
}

function serveClient(
  board: EmulatedBoard,
  socket: Socket,
  resetMode: 'lines' | 'esptool',
  clock: HilClock,
  done: () => void,
): void {
  const decoder = new TelnetDecoder();
  const agreed = { local: new Set<number>(), remote: new Set<number>() };
  let dtr = board.lines.dtr;
  let rts = board.lines.rts;
  let inDownloadReset = false;
  let sequenceRunning = false;
  const runSequence = (sequence: string) => {
    sequenceRunning = true;
    void runResetSequence(
      {
        setSignals: async (l) => {
          if (board.state !== 'closed') board.setLines(l);
        },
      },
      sequence,
      { clock, initial: board.lines },
    ).then(
      (end) => {
        dtr = end.dtr;
        rts = end.rts;
        sequenceRunning = false;
      },
      () => {
        sequenceRunning = false;
      },
    );
  };
  /** esp_rfc2217_server's rules; true when the change was taken over by a local sequence. */
  const esptoolReset = (v: number): boolean => {
    if (v === CONTROL.DTR_OFF) {
      inDownloadReset = false;
      // The client's own sequence goes on while ours runs (pyserial: 100 ms a step); it must not
      // cut into ours (a DTR off mid-way clears a USB-JTAG-serial download flag).
      return sequenceRunning;
    }
    if (v === CONTROL.DTR_ON && !inDownloadReset) {
      inDownloadReset = true;
      runSequence(
        board.resetCircuit === 'usb-jtag-serial' ? RESET_SEQUENCES.usbJtagSerial : RESET_SEQUENCES.classic,
      );
      return true;
    }
    if (v === CONTROL.RTS_OFF && !inDownloadReset) {
      runSequence(RESET_SEQUENCES.hard);
      return true;
    }
    return v === CONTROL.DTR_ON || v === CONTROL.RTS_ON || v === CONTROL.RTS_OFF || sequenceRunning;
  };
  const send = (bytes: Uint8Array) => {
    if (!socket.destroyed) socket.write(bytes);
  };
  const reply = (code: number, value: Uint8Array) =>
    send(subnegotiation(OPTION_COM_PORT, Uint8Array.of(code + SERVER_CODE_OFFSET, ...value)));
  const offOutput = board.onOutput((bytes) => send(escapeIac(bytes)));
  const offState = board.onStateChange((s) => {
    if (s === 'closed') socket.destroy();
  });
  socket.once('close', () => {
    offOutput();
    offState();
    done();
  });

  const comPort = (payload: Uint8Array) => {
    const [cmd = -1, ...rest] = payload;
    const value = Uint8Array.from(rest);
    switch (cmd) {
      case COM_PORT.SIGNATURE:
        reply(cmd, new TextEncoder().encode(`twinbench ${board.personality.label} emulator`));
        break;
      case COM_PORT.SET_BAUDRATE: {
        const baud =
          ((value[0] ?? 0) << 24) | ((value[1] ?? 0) << 16) | ((value[2] ?? 0) << 8) | (value[3] ?? 0);
        if (baud > 0 && board.state !== 'closed') board.setHostBaudRate(baud >>> 0);
        reply(cmd, u32be(board.hostBaudRate));
        break;
      }
      case COM_PORT.SET_DATASIZE:
        reply(cmd, Uint8Array.of(8));
        break;
      case COM_PORT.SET_PARITY:
        reply(cmd, Uint8Array.of(1)); // NONE
        break;
      case COM_PORT.SET_STOPSIZE:
        reply(cmd, Uint8Array.of(1)); // 1 stop bit
        break;
      case COM_PORT.SET_CONTROL: {
        const v = value[0] ?? 0;
        if (resetMode === 'esptool' && esptoolReset(v)) {
          reply(cmd, Uint8Array.of(v));
          break;
        }
        if (v === CONTROL.DTR_ON || v === CONTROL.DTR_OFF) dtr = v === CONTROL.DTR_ON;
        else if (v === CONTROL.RTS_ON || v === CONTROL.RTS_OFF) rts = v === CONTROL.RTS_ON;
        if (
          (v === CONTROL.DTR_ON || v === CONTROL.DTR_OFF || v === CONTROL.RTS_ON || v === CONTROL.RTS_OFF) &&
          board.state !== 'closed'
        )
          board.setLines({ dtr, rts });
        const answer =
          v === 0 || v === 1 ? 1 : v === 7 ? (dtr ? 8 : 9) : v === 10 ? (rts ? 11 : 12) : v === 4 ? 6 : v; // queries answer the state
        reply(cmd, Uint8Array.of(answer));
        break;
      }
      case COM_PORT.PURGE_DATA:
        if (board.state !== 'closed') board.purge();
        reply(cmd, value.subarray(0, 1));
        break;
      default:
        // NOTIFY_*, FLOWCONTROL_*, SET_*STATE_MASK: acknowledge with the value given.
        if (cmd >= 0 && cmd < SERVER_CODE_OFFSET) reply(cmd, value);
    }
  };

  socket.on('data', (chunk: Buffer) => {
    for (const ev of decoder.decode(new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.length))) {
      if (ev.type === 'data') {
        if (board.state !== 'closed') board.write(ev.data);
      } else if (ev.type === 'negotiate') {
        const supported = SUPPORTED.has(ev.option);
        if (ev.verb === WILL || ev.verb === WONT) {
          // The client offers (or refuses) to do it: agree once, refuse what we do not know.
          if (ev.verb === WILL && supported && !agreed.remote.has(ev.option)) {
            agreed.remote.add(ev.option);
            send(negotiation(DO, ev.option));
          } else if (ev.verb === WILL && !supported) send(negotiation(DONT, ev.option));
        } else if (ev.verb === DO && supported && !agreed.local.has(ev.option)) {
          agreed.local.add(ev.option);
          send(negotiation(WILL, ev.option));
        } else if (ev.verb === DO && !supported) send(negotiation(WONT, ev.option));
      } else if (ev.option === OPTION_COM_PORT) comPort(ev.payload);
    }
  });
}
