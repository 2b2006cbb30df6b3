import type { FlashMemory } from '../flash-memory.ts';
import type { ChipPersonality } from '../personalities.ts';
import type { RegisterFile } from '../registers.ts';
import { COMMANDS } from './commands/index.ts';
import type { StreamingInflater } from './inflater.ts';
import { encodeResponse, parseRequest, ROM_ERR, STUB_ERR, type Request } from './protocol.ts';

/** What the loader needs from the board around it. */
export interface LoaderHost {
  personality: ChipPersonality;
  flash: FlashMemory;
  registers: RegisterFile;
  /** Sends one SLIP frame (payload before encoding). */
  sendFrame(payload: Uint8Array): void;
  /** Switches the board's UART to `baud` once what was sent so far has left. */
  changeBaud(baud: number): void;
  /** Leaves the loader and boots from flash (no ROM reset). */
  runUserCode(): void;
  /** Resets the chip (as FLASH_END with "reboot" does). */
  reboot(): void;
  /** Called when an uploaded program starts (the stub): the board notes it for logs. */
  onStubStarted?(): void;
}

/** A command's answer: status error (0 = success), value word, data before the status bytes. */
export interface Reply {
  error?: number;
  value?: number;
  data?: Uint8Array;
  /** Answer with this op instead of the request's (the ROM's answer to a message it cannot parse). */
  op?: number;
  /** Send the same response this many times (the ROM's SYNC answers and invalid-message answers). */
  repeat?: number;
  /** Runs after the response is queued (switch baud, start the stub, leave the loader). */
  after?: () => void;
}

export type Handler = (s: LoaderSession, req: Request) => Reply | null | Promise<Reply | null>;

export interface CommandSpec {
  handler: Handler;
  /** Which loaders know the command. */
  rom: boolean;
  stub: boolean;
}

export interface WriteState {
  offset: number;
  /** Bytes to write (uncompressed), as FLASH_(DEFL_)BEGIN announced. */
  size: number;
  blocks: number;
  blockSize: number;
  nextSeq: number;
  /** Where the next inflated byte goes. */
  position: number;
  inflater?: StreamingInflater;
}

export interface ReadState {
  offset: number;
  length: number;
  packetSize: number;
  maxInFlight: number;
  sent: number;
  acked: number;
}

/**
 * One ROM-loader session from reset to reset: parses requests, dispatches to one handler per
 * command (./commands), answers with the ROM's or the stub's status bytes, and keeps the state the
 * commands share (RAM upload, flash write in progress, flash read in progress, stub running).
 * Requests are handled one at a time, in order.
 */
export class LoaderSession {
  stub = false;
  spiAttached = false;
  mem:
    | {
        address: number;
        size: number;
        blocks: number;
        blockSize: number;
        nextSeq: number;
        ranges: [number, number][];
      }
    | undefined;
  write: WriteState | undefined;
  read: ReadState | undefined;
  #chain: Promise<void> = Promise.resolve();
  #closed = false;

  readonly host: LoaderHost;

  constructor(host: LoaderHost) {
    this.host = host;
  }

  get romErrors(): boolean {
    return !this.stub;
  }

  /** The error code for "invalid message" / "bad data length" in the running loader's vocabulary. */
  get errInvalid(): number {
    return this.stub ? STUB_ERR.BAD_DATA_LEN : ROM_ERR.INVALID_MESSAGE;
  }

  get errChecksum(): number {
    return this.stub ? STUB_ERR.BAD_DATA_CHECKSUM : ROM_ERR.CHECKSUM;
  }

  onFrame(frame: Uint8Array): void {
    this.#chain = this.#chain.then(() => this.#handle(frame)).catch(() => {});
  }

  close(): void {
    this.#closed = true;
    this.write?.inflater?.close();
  }

  async #handle(frame: Uint8Array): Promise<void> {
    if (this.#closed) return;
    if (this.read && frame.length === 4) {
      this.#onReadAck(frame);
      return;
    }
    const req = parseRequest(frame);
    if (req === undefined) return; // not a request: the ROM ignores it
    if (req === 'bad-size') {
      this.#respond(frame[1] ?? 0, { error: this.errInvalid });
      return;
    }
    const spec = COMMANDS[req.op];
    if (!spec || !(this.stub ? spec.stub : spec.rom)) {
      if (this.stub) this.#respond(req.op, { error: STUB_ERR.CMD_NOT_IMPLEMENTED });
      // The ROM does not echo an op it does not know and repeats the complaint (esptool drains 8).
      else this.#respond(req.op, { op: 0x00, error: ROM_ERR.INVALID_MESSAGE, repeat: 8 });
      return;
    }
    const reply = await spec.handler(this, req);
    if (this.#closed || reply === null) {
      reply?.after?.();
      return;
    }
    this.#respond(req.op, reply);
    reply.after?.();
  }

  #respond(op: number, r: Reply): void {
    const statusLen = this.stub ? 2 : this.host.personality.romStatusBytes;
    const status = new Uint8Array(statusLen);
    if (r.error) {
      status[0] = 1;
      status[1] = r.error;
    }
    const body = new Uint8Array((r.data?.length ?? 0) + statusLen);
    if (r.data) body.set(r.data);
    body.set(status, r.data?.length ?? 0);
    const payload = encodeResponse(r.op ?? op, r.value ?? 0, body);
    for (let i = 0; i < (r.repeat ?? 1); i++) this.host.sendFrame(payload);
  }

  /** Sends the next READ_FLASH packets the host's window allows; the digest after the last one. */
  pumpRead(): void {
    const r = this.read;
    if (!r) return;
    while (r.sent < r.length && r.sent - r.acked < r.packetSize * r.maxInFlight) {
      const n = Math.min(r.packetSize, r.length - r.sent);
      this.host.sendFrame(this.host.flash.read(r.offset + r.sent, n));
      r.sent += n;
    }
  }

  #onReadAck(frame: Uint8Array): void {
    const r = this.read;
    if (!r) return;
    r.acked =
      ((frame[0] ?? 0) | ((frame[1] ?? 0) << 8) | ((frame[2] ?? 0) << 16) | ((frame[3] ?? 0) << 24)) >>> 0;
    if (r.acked >= r.length) {
      this.read = undefined;
      this.host.sendFrame(this.host.flash.md5(r.offset, r.length));
      return;
    }
    this.pumpRead();
  }
}
