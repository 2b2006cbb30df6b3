/**
 * The SerialLink contract, run against every implementation (as MQTT.js runs one store suite over
 * every store): serialport on a socat pty pair, RFC 2217 through Debian's ser2net in front of a pty,
 * RFC 2217 through the emulator's server, and the in-process emulator link.
 *
 * A pty has no modem lines (TIOCMSET fails with ENOTTY), so where a pty is the far end the signal
 * check asserts the documented refusal instead of line states; where the far end is a raw pty the
 * byte checks use it as the peer, and where it is the emulated board they use its ROM loader.
 */
import { constants, openSync, writeSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { ReadStream } from 'node:tty';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createEmulatedBoard, type EmulatedBoard } from '../emulator/board.ts';
import { createEmulatorLink } from '../emulator/emulator-link.ts';
import { serveRfc2217 } from '../emulator/rfc2217-server.ts';
import { HIL_ERROR_CODES } from '../errors.ts';
import { startPtyPair, startSer2net } from '../test-support/processes.ts';
import { Rfc2217Link } from './rfc2217-link.ts';
import type { SerialLink } from './serial-link.ts';
import { SerialPortLink } from './serialport-link.ts';

/** The far end a case offers for checks. */
interface Far {
  /** A raw byte peer (the other pty). */
  pty?: { send(b: Uint8Array): Promise<void>; received(n: number): Promise<Uint8Array> };
  /** The emulated board behind the link. */
  board?: EmulatedBoard;
  /** Why DTR/RTS cannot be checked, and the error code the link gives instead. */
  noSignals?: { reason: string; code: string };
  /** Ends the far side, for the "other end went away" check. */
  goAway(): Promise<void>;
  /** Why the link cannot notice the far side going away here. */
  noHangup?: string;
}

interface Case {
  name: string;
  make(dir: string): Promise<{ link: SerialLink; far: Far; cleanup: () => Promise<void> }>;
}

/**
 * The other end of the pty pair as a raw byte peer. Read through a tty handle (libuv polls it): a
 * plain fs read stream on a pty blocks a thread-pool thread until data comes, and a few of those
 * stall the whole process.
 */
async function ptyPeer(path: string): Promise<{ close(): void; peer: NonNullable<Far['pty']> }> {
  const fd = openSync(path, constants.O_RDWR | constants.O_NOCTTY);
  const stream = new ReadStream(fd);
  stream.setRawMode(true);
  let buf = Buffer.alloc(0);
  let wake: (() => void) | undefined;
  stream.on('data', (c: Buffer) => {
    buf = Buffer.concat([buf, c]);
    wake?.();
  });
  stream.on('error', () => {});
  return {
    close: () => stream.destroy(),
    peer: {
      send: async (b) => void writeSync(fd, b),
      async received(n) {
        while (buf.length < n) await new Promise<void>((r) => (wake = r));
        const out = buf.subarray(0, n);
        buf = buf.subarray(n);
        return new Uint8Array(out);
      },
    },
  };
}

const PTY_NO_SIGNALS = 'a pty has no modem lines (TIOCMSET fails with ENOTTY)';

const CASES: Case[] = [
  {
    name: 'serialport on a socat pty pair',
    async make() {
      const pair = await startPtyPair();
      const { close: closePeer, peer } = await ptyPeer(pair.b);
      const link = new SerialPortLink({ path: pair.a });
      return {
        link,
        far: {
          pty: peer,
          noSignals: { reason: PTY_NO_SIGNALS, code: HIL_ERROR_CODES.LINK_NO_SIGNALS },
          goAway: () => pair.stop(),
          noHangup:
            'serialport does not report a pty whose master (socat) went away (observed on Linux); a USB port that disappears does close it',
        },
        cleanup: async () => {
          await link.close();
          closePeer();
          await pair.stop();
        },
      };
    },
  },
  {
    name: 'RFC 2217 through ser2net in front of a socat pty',
    async make(dir) {
      const pair = await startPtyPair();
      const ser2net = await startSer2net(pair.a, dir);
      const { close: closePeer, peer } = await ptyPeer(pair.b);
      const link = Rfc2217Link.fromUrl(ser2net.url, { ackTimeoutMs: 1000 });
      return {
        link,
        far: {
          pty: peer,
          noSignals: {
            reason: `ser2net cannot apply SET_CONTROL: ${PTY_NO_SIGNALS}, so it never acknowledges`,
            code: HIL_ERROR_CODES.RFC2217,
          },
          goAway: () => ser2net.stop(),
        },
        cleanup: async () => {
          await link.close();
          await ser2net.stop();
          closePeer();
          await pair.stop();
        },
      };
    },
  },
  {
    name: "RFC 2217 through the emulator's server",
    async make() {
      const board = createEmulatedBoard({ chip: 'esp32' });
      const server = await serveRfc2217(board);
      const link = Rfc2217Link.fromUrl(server.url);
      return {
        link,
        far: { board, goAway: () => server.close() },
        cleanup: async () => {
          await link.close();
          await server.close();
          await board.close();
        },
      };
    },
  },
  {
    name: 'the in-process emulator link',
    async make() {
      const board = createEmulatedBoard({ chip: 'esp32' });
      const link = createEmulatorLink(board);
      return {
        link,
        far: { board, goAway: () => board.close() },
        cleanup: async () => (await link.close(), await board.close()),
      };
    },
  },
];

/** A SLIP-framed SYNC request, as esptool sends it (carries 0x07 0x07 0x12 0x20 and 32 × 0x55). */
const SYNC = Uint8Array.from([
  0xc0,
  0x00,
  0x08,
  0x24,
  0x00,
  0,
  0,
  0,
  0,
  0x07,
  0x07,
  0x12,
  0x20,
  ...new Array<number>(32).fill(0x55),
  0xc0,
]);

/** Collects what a link receives; resolves when `pred` holds. */
function collect(link: SerialLink) {
  let got = new Uint8Array(0);
  let wake: (() => void) | undefined;
  const off = link.onData((c) => {
    const next = new Uint8Array(got.length + c.length);
    next.set(got);
    next.set(c, got.length);
    got = next;
    wake?.();
  });
  return {
    off,
    get bytes() {
      return got;
    },
    async until(pred: (b: Uint8Array) => boolean) {
      while (!pred(got)) await new Promise<void>((r) => (wake = r));
      return got;
    },
  };
}

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'tb-link-contract-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe.each(CASES)('SerialLink contract: $name', (c) => {
  let link: SerialLink;
  let far: Far;
  let cleanup: (() => Promise<void>) | undefined;
  const setUp = async () => {
    ({ link, far, cleanup } = await c.make(dir));
    await link.open({ baudRate: 115200 });
  };
  afterEach(async () => {
    await cleanup?.();
    cleanup = undefined;
  });

  it('opens, names itself, and closes idempotently with `closed` resolved', async () => {
    await setUp();
    expect(link.info.path).toMatch(/^(\/dev\/pts\/\d+|rfc2217:\/\/127\.0\.0\.1:\d+|emulator:\/\/esp32\/.+)$/);
    await link.close();
    await link.close();
    await expect(link.closed).resolves.toBeUndefined();
    await expect(link.write(Uint8Array.of(1))).rejects.toMatchObject({ code: HIL_ERROR_CODES.LINK_CLOSED });
  });

  it('carries every byte value both ways, in order (0xFF and SLIP bytes included)', async () => {
    await setUp();
    if (far.pty) {
      const all = Uint8Array.from({ length: 512 }, (_, i) => (i * 7 + 3) & 0xff);
      const rx = collect(link);
      await link.write(all);
      expect(Buffer.from(await far.pty.received(all.length)).equals(Buffer.from(all))).toBe(true);
      await far.pty.send(all);
      expect(
        Buffer.from((await rx.until((b) => b.length >= all.length)).subarray(0, all.length)).equals(
          Buffer.from(all),
        ),
      ).toBe(true);
      rx.off();
    } else {
      // The emulated board is no loopback: reset it into its ROM loader and have it answer a SYNC.
      const rx = collect(link);
      await link.setSignals({ dtr: false, rts: true });
      await link.setSignals({ dtr: true, rts: false });
      await rx.until((b) => Buffer.from(b).includes('waiting for download'));
      await link.write(SYNC);
      const got = await rx.until((b) => Buffer.from(b).includes(Buffer.from([0xc0, 0x01, 0x08])));
      expect(Buffer.from(got).toString('latin1')).toContain('DOWNLOAD_BOOT');
      rx.off();
    }
  });

  it('stops delivering to a listener once it unsubscribes', async () => {
    await setUp();
    const seen: number[] = [];
    const off = link.onData((c) => seen.push(c.length));
    off();
    const other = collect(link);
    if (far.pty) await far.pty.send(Uint8Array.of(1, 2, 3));
    else
      await link
        .setSignals({ dtr: false, rts: true })
        .then(() => link.setSignals({ dtr: false, rts: false }));
    await other.until((b) => b.length >= 3);
    expect(seen).toEqual([]);
    other.off();
  });

  it('changes the baud rate of an open link', async () => {
    await setUp();
    await link.setBaudRate(921600);
    if (far.board) expect(far.board.hostBaudRate).toBe(921600);
    if (far.pty) {
      await link.write(Uint8Array.of(0x42));
      expect(await far.pty.received(1)).toEqual(Uint8Array.of(0x42));
    }
  });

  it('sets DTR and RTS together (or says why it cannot)', async () => {
    await setUp();
    if (far.noSignals) {
      // unsupported here: the reason is in the case; the link must refuse clearly, not hang or lie
      await expect(link.setSignals({ dtr: true, rts: false })).rejects.toMatchObject({
        code: far.noSignals.code,
      });
      return;
    }
    for (const s of [
      { dtr: true, rts: false },
      { dtr: false, rts: true },
      { dtr: true, rts: true },
      { dtr: false, rts: false },
    ]) {
      await link.setSignals(s);
      expect(far.board!.lines).toEqual(s);
    }
  });

  it('purges', async () => {
    await setUp();
    await expect(link.purge()).resolves.toBeUndefined();
  });

  it('resolves `closed` when the other end goes away', async (ctx) => {
    await setUp();
    if (far.noHangup) ctx.skip(far.noHangup);
    await far.goAway();
    await expect(link.closed).resolves.toBeUndefined();
  });
});
