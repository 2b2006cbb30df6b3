import { deflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { md5 } from '../image/bytes.ts';
import { createEmulatedBoard } from './board.ts';
import { dataChecksum, OP } from './loader/protocol.ts';
import { SlipDecoder, slipEncode } from './slip.ts';
import { FakeClock } from './test-support.ts';

/** The ROM loader and the stub, driven frame by frame (what esptool does, minus esptool). */
function loaderBoard(chip: 'esp32' | 'esp32s3' = 'esp32') {
  const clock = new FakeClock();
  const board = createEmulatedBoard({ chip, clock });
  const decoder = new SlipDecoder();
  let frames: Uint8Array[] = [];
  board.onOutput((b) => frames.push(...decoder.push(b)));
  const words = (...w: number[]) => {
    const b = new Uint8Array(w.length * 4);
    w.forEach((x, i) => new DataView(b.buffer).setUint32(i * 4, x >>> 0, true));
    return b;
  };
  /** Sends one request; returns the frames that came back (waiting for zlib's thread when it works). */
  const send = async (op: number, data: Uint8Array = new Uint8Array(0), chk = 0, expectAnswer = true) => {
    frames = [];
    const pkt = new Uint8Array(8 + data.length);
    const v = new DataView(pkt.buffer);
    v.setUint8(1, op);
    v.setUint16(2, data.length, true);
    v.setUint32(4, chk, true);
    pkt.set(data, 8);
    board.write(slipEncode(pkt));
    await clock.advance(500);
    // Inflating runs on libuv's thread pool, outside the fake clock: give it real time, bounded.
    for (let i = 0; expectAnswer && frames.length === 0 && i < 100; i++) {
      await new Promise((r) => setTimeout(r, 10));
      await clock.advance(10);
    }
    return frames;
  };
  const status = (f: Uint8Array | undefined) => Array.from(f?.subarray(8) ?? []);
  const value = (f: Uint8Array | undefined) =>
    f ? new DataView(f.buffer, f.byteOffset).getUint32(4, true) : -1;
  const toStub = async () => {
    await send(OP.MEM_BEGIN, words(4, 1, 0x1800, 0x40090000));
    await send(
      OP.MEM_DATA,
      new Uint8Array([...words(4, 0, 0, 0), 1, 2, 3, 4]),
      dataChecksum(Uint8Array.of(1, 2, 3, 4)),
    );
    return send(OP.MEM_END, words(0, 0x40090000));
  };
  board.reset({ download: true });
  return { board, clock, send, words, status, value, toStub, frames: () => frames };
}

describe('ROM loader', () => {
  it('answers SYNC eight times with a non-zero value and 4 status bytes', async () => {
    const l = loaderBoard();
    const r = await l.send(
      OP.SYNC,
      Uint8Array.from([0x07, 0x07, 0x12, 0x20, ...Array<number>(32).fill(0x55)]),
    );
    expect(r).toHaveLength(8);
    expect(r.every((f) => f[1] === OP.SYNC && l.value(f) === 0x55552007)).toBe(true);
    expect(l.status(r[0])).toEqual([0, 0, 0, 0]);
    await l.board.close();
  });

  it('reads the chip magic and the efuse MAC words esptool reads', async () => {
    const l = loaderBoard();
    expect(l.value((await l.send(OP.READ_REG, l.words(0x40001000)))[0])).toBe(0x00f01d83);
    const mac0 = l.value((await l.send(OP.READ_REG, l.words(0x3ff5a004)))[0]);
    const mac1 = l.value((await l.send(OP.READ_REG, l.words(0x3ff5a008)))[0]);
    const mac = [
      (mac1 >> 8) & 0xff,
      mac1 & 0xff,
      mac0 >>> 24,
      (mac0 >> 16) & 0xff,
      (mac0 >> 8) & 0xff,
      mac0 & 0xff,
    ];
    expect(mac.map((b) => b.toString(16).padStart(2, '0')).join(':')).toBe(l.board.mac);
    await l.board.close();
  });

  it('ESP32: GET_SECURITY_INFO is unknown (8 invalid-message answers, another op); S3: chip id 9', async () => {
    const l = loaderBoard();
    const r = await l.send(OP.GET_SECURITY_INFO);
    expect(r).toHaveLength(8);
    expect(r[0]?.[1]).not.toBe(OP.GET_SECURITY_INFO);
    expect(l.status(r[0]).slice(0, 2)).toEqual([1, 0x05]);
    await l.board.close();
    const s3 = loaderBoard('esp32s3');
    const info = (await s3.send(OP.GET_SECURITY_INFO))[0]!;
    expect(info.subarray(8).length).toBe(20 + 4);
    expect(new DataView(info.buffer, info.byteOffset + 8).getUint32(12, true)).toBe(9);
    await s3.board.close();
  });

  it('refuses a data block with a bad checksum (0x07) and stub-only commands (invalid message)', async () => {
    const l = loaderBoard();
    await l.send(OP.MEM_BEGIN, l.words(4, 1, 0x1800, 0x40090000));
    const bad = await l.send(OP.MEM_DATA, new Uint8Array([...l.words(4, 0, 0, 0), 1, 2, 3, 4]), 0x00);
    expect(l.status(bad[0])).toEqual([1, 0x07, 0, 0]);
    const erase = await l.send(OP.ERASE_FLASH);
    expect(erase).toHaveLength(8);
    expect(l.status(erase[0]).slice(0, 2)).toEqual([1, 0x05]);
    await l.board.close();
  });

  it('answers SPI_FLASH_MD5 with 32 hex characters', async () => {
    const l = loaderBoard();
    const r = (await l.send(OP.SPI_FLASH_MD5, l.words(0x1000, 0x1000, 0, 0)))[0]!;
    expect(new TextDecoder().decode(r.subarray(8, 40))).toBe(
      Buffer.from(md5(new Uint8Array(0x1000).fill(0xff))).toString('hex'),
    );
    expect(l.status(r).slice(32)).toEqual([0, 0, 0, 0]);
    await l.board.close();
  });

  it('writes uncompressed through FLASH_BEGIN/DATA (ROM)', async () => {
    const l = loaderBoard();
    await l.send(OP.FLASH_BEGIN, l.words(0x1000, 1, 0x400, 0x20000, 0));
    const block = new Uint8Array(0x400).map((_, i) => i & 0xff);
    const r = await l.send(
      OP.FLASH_DATA,
      new Uint8Array([...l.words(0x400, 0, 0, 0), ...block]),
      dataChecksum(block),
    );
    expect(l.status(r[0])).toEqual([0, 0, 0, 0]);
    expect(Buffer.from(l.board.flash.read(0x20000, 0x400)).equals(Buffer.from(block))).toBe(true);
    await l.board.close();
  });
});

describe('flasher stub', () => {
  it('starts with OHAI after MEM_END, then answers SYNC once with 0 and 2 status bytes', async () => {
    const l = loaderBoard();
    const r = await l.toStub();
    expect(r.map((f) => new TextDecoder().decode(f))).toContain('OHAI');
    expect(l.board.state).toBe('stub');
    const sync = await l.send(
      OP.SYNC,
      Uint8Array.from([0x07, 0x07, 0x12, 0x20, ...Array<number>(32).fill(0x55)]),
    );
    expect(sync).toHaveLength(1);
    expect(l.value(sync[0])).toBe(0);
    expect(l.status(sync[0])).toEqual([0, 0]);
    await l.board.close();
  });

  it('inflates FLASH_DEFL_DATA blocks into flash and answers MD5 with 16 raw bytes', async () => {
    const l = loaderBoard();
    await l.toStub();
    const image = new Uint8Array(40_000).map((_, i) => (i * 31) & 0xff);
    const z = new Uint8Array(deflateSync(image));
    const blocks = Math.ceil(z.length / 0x1000);
    expect(
      l.status((await l.send(OP.FLASH_DEFL_BEGIN, l.words(image.length, blocks, 0x1000, 0x30000)))[0]),
    ).toEqual([0, 0]);
    for (let seq = 0; seq < blocks; seq++) {
      const b = z.subarray(seq * 0x1000, (seq + 1) * 0x1000);
      const r = await l.send(
        OP.FLASH_DEFL_DATA,
        new Uint8Array([...l.words(b.length, seq, 0, 0), ...b]),
        dataChecksum(b),
      );
      expect(l.status(r[0])).toEqual([0, 0]);
    }
    expect(l.status((await l.send(OP.FLASH_DEFL_END, l.words(1)))[0])).toEqual([0, 0]);
    const r = (await l.send(OP.SPI_FLASH_MD5, l.words(0x30000, image.length, 0, 0)))[0]!;
    expect(Buffer.from(r.subarray(8, 24)).equals(Buffer.from(md5(image)))).toBe(true);
    expect(l.status(r).slice(16)).toEqual([0, 0]);
    await l.board.close();
  });

  it('reports a bad checksum as 0xC1, garbage deflate as 0xC7, unknown ops as 0xFF', async () => {
    const l = loaderBoard();
    await l.toStub();
    await l.send(OP.FLASH_DEFL_BEGIN, l.words(100, 1, 0x1000, 0x30000));
    const junk = Uint8Array.of(1, 2, 3, 4, 5, 6, 7, 8);
    expect(
      l.status((await l.send(OP.FLASH_DEFL_DATA, new Uint8Array([...l.words(8, 0, 0, 0), ...junk]), 0))[0]),
    ).toEqual([1, 0xc1]);
    expect(
      l.status(
        (
          await l.send(
            OP.FLASH_DEFL_DATA,
            new Uint8Array([...l.words(8, 0, 0, 0), ...junk]),
            dataChecksum(junk),
          )
        )[0],
      ),
    ).toEqual([0, 0]);
    expect(l.status((await l.send(OP.FLASH_DEFL_END, l.words(1)))[0])).toEqual([1, 0xc7]);
    const unknown = await l.send(0x55);
    expect(unknown).toHaveLength(1);
    expect(unknown[0]?.[1]).toBe(0x55);
    expect(l.status(unknown[0])).toEqual([1, 0xff]);
    await l.board.close();
  });

  it('erases regions on sector boundaries only and reads flash back in acked packets ending with the MD5', async () => {
    const l = loaderBoard();
    await l.toStub();
    l.board.flash.write(0x40000, new Uint8Array(0x2000).fill(0x12));
    expect(l.status((await l.send(OP.ERASE_REGION, l.words(0x40100, 0x1000)))[0])).toEqual([1, 0xc0]);
    expect(l.status((await l.send(OP.ERASE_REGION, l.words(0x41000, 0x1000)))[0])).toEqual([0, 0]);
    const first = await l.send(OP.READ_FLASH, l.words(0x40000, 0x2000, 0x1000, 1));
    expect(l.status(first[0])).toEqual([0, 0]);
    expect(first[1]?.length).toBe(0x1000); // one packet in flight, then it waits for the ack
    expect(Array.from(first[1]!.subarray(0, 4))).toEqual([0x12, 0x12, 0x12, 0x12]);
    expect(first[1]?.every((b) => b === 0x12)).toBe(true);
    expect(first).toHaveLength(2);
    const seen = first.length;
    l.board.write(slipEncode(l.words(0x1000)));
    await l.clock.advance(500);
    l.board.write(slipEncode(l.words(0x2000)));
    await l.clock.advance(500);
    const rest = l.frames().slice(seen);
    expect(rest[0]?.every((b) => b === 0xff)).toBe(true);
    const expected = new Uint8Array(0x2000).fill(0xff);
    expected.fill(0x12, 0, 0x1000);
    expect(Buffer.from(rest[1]!).equals(Buffer.from(md5(expected)))).toBe(true);
    await l.board.close();
  });

  it('CHANGE_BAUDRATE answers at the old rate; then a host left at the old rate hears garbage', async () => {
    const l = loaderBoard();
    await l.toStub();
    const r = await l.send(OP.CHANGE_BAUDRATE, l.words(921600, 115200));
    expect(l.status(r[0])).toEqual([0, 0]);
    expect(l.board.baudRate).toBe(921600);
    const garbled = await l.send(OP.READ_REG, l.words(0x40001000), 0, false);
    expect(garbled).toHaveLength(0); // its request arrived garbled too: no answer at all
    l.board.setHostBaudRate(921600);
    expect(l.value((await l.send(OP.READ_REG, l.words(0x40001000)))[0])).toBe(0x00f01d83);
    await l.board.close();
  });
});
